import { numericValue } from './numericValue.ts';

/** "Market Share (%)" reads better as "market share" inside a sentence, with the unit on the value. */
export function formatCell(column: string, value: string): string {
  const unit = /\((%|percent)\)/i.test(column) ? '%' : '';
  // The unit may sit mid-name ("Share (%) 2024"): the words either side stay apart.
  const name = column.replace(/\s*\((%|percent)\)\s*/i, ' ').trim();
  return `${name} ${value}${unit && numericValue(value) !== undefined ? unit : ''}`;
}
