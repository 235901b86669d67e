import { numericValue } from './numericValue.ts';

/** "Market Share (%)" reads better as "market share" inside a sentence, with the unit on the value. */
export function formatCell(column: string, value: string): string {
  const unit = /\((%|percent)\)/i.test(column) ? '%' : '';
  const name = column.replace(/\s*\((%|percent)\)\s*/i, '').trim();
  return `${name} ${value}${unit && numericValue(value) !== undefined ? unit : ''}`;
}
