import { LIMITS } from '../reply/limits.ts';

/** Plain data in, SVG out: the charts know nothing of Discord or of any one report. */

/** A table as replies carry it: the first column names the row. */
export interface ChartTable {
  title: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** "Document › Section", printed small under the chart. */
  source?: string;
}

/** A drawn chart before rasterising: `description` is the alt text, with every figure the chart shows. */
export interface Chart {
  name: string;
  svg: string;
  description: string;
}

/** Alt text is an attachment's description on Discord, which takes this much. */
export const ALT_TEXT_MAX = LIMITS.attachmentDescription;
