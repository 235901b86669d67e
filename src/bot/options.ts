import type { UserRef } from '../reply/types.ts';

/** The option kinds commands use, and the value each one yields. */
export interface OptionValueTypes {
  string: string;
  integer: number;
  boolean: boolean;
  user: UserRef;
  channel: ChannelRef;
  role: RoleRef;
}

export interface RoleRef {
  id: string;
  name?: string;
}

export interface ChannelRef {
  id: string;
  name?: string;
}

export type OptionKind = keyof OptionValueTypes;

export interface OptionSpec {
  type: OptionKind;
  description: string;
  required?: boolean;
  maxLength?: number;
  minLength?: number;
  autocomplete?: boolean;
  /** For channel options: only these kinds may be picked (text, announcement, forum). */
  channelTypes?: Array<'text' | 'announcement' | 'forum'>;
  /**
   * What is wrong with a typed text value, or undefined when nothing is: lets an adapter report
   * every bad option of a line at once instead of the first one the command trips over.
   */
  check?: (value: string) => string | undefined;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Arguments typed from the option specs: required options are present, others optional. */
export type ArgumentsOf<O extends OptionSpecs> = {
  [K in keyof O as O[K]['required'] extends true ? K : never]: OptionValueTypes[O[K]['type']];
} & {
  [K in keyof O as O[K]['required'] extends true ? never : K]?: OptionValueTypes[O[K]['type']];
};
