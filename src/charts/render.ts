import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { ReplyImage } from '../reply/types.ts';
import { FONT_FAMILY } from './svg.ts';
import type { Chart } from './types.ts';

/** Discord takes larger files, but a chart over this is a drawing gone wrong: the text is sent alone. */
export const PNG_MAX_BYTES = 1024 * 1024;
/** Drawn at 1.5 times its layout: sharper on high-density screens, and still quick to encode (2× took half as long again). */
export const CHART_ZOOM = 1.5;
const CHARTS_PER_VERSION = 64;

let fonts: string[] | undefined;

/**
 * The font ships as an npm package rather than coming from the system: a fresh machine or a slim
 * container may have no fonts at all, and resvg draws no text without one.
 */
function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  fonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fonts;
}

/** The chart as a PNG, or undefined when the PNG would be over `PNG_MAX_BYTES`. */
export function toPng(chart: Chart): ReplyImage | undefined {
  const png = new Resvg(chart.svg, {
    fitTo: { mode: 'zoom', value: CHART_ZOOM },
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  })
    .render()
    .asPng();
  if (png.length > PNG_MAX_BYTES) return undefined;
  return {
    name: chart.name,
    png: new Uint8Array(png.buffer, png.byteOffset, png.length),
    description: chart.description,
  };
}

/** Null records "nothing to draw", so a table without numbers is not looked at again. */
const cache = new WeakMap<object, Map<string, ReplyImage | null>>();

/**
 * The image for `key`, drawn once per version of the reports: `version` is the knowledge base the
 * reply was built from, which a reload replaces, so a changed report is drawn again and the old
 * images go with the old knowledge base. Undefined when there is nothing to draw.
 */
export function chartImage(version: object, key: string, draw: () => Chart | undefined): ReplyImage | undefined {
  let images = cache.get(version);
  if (!images) {
    images = new Map();
    cache.set(version, images);
  }
  const known = images.get(key);
  if (known !== undefined) return known ?? undefined;
  const image = drawnOrNull(key, draw);
  // Keys come from the report's own rows and dates, so they are few; the bound is for safety, oldest out first.
  if (images.size >= CHARTS_PER_VERSION) images.delete(images.keys().next().value!);
  images.set(key, image);
  return image ?? undefined;
}

/**
 * The text is the reply and the picture an extra: a chart that fails to draw is left out, with a
 * warning on stderr for the operator, rather than costing the member the answer.
 */
function drawnOrNull(key: string, draw: () => Chart | undefined): ReplyImage | null {
  try {
    const chart = draw();
    return chart ? (toPng(chart) ?? null) : null;
  } catch (error) {
    process.emitWarning(`chart ${key.split('\n')[0]} not drawn: ${(error as Error).message}`);
    return null;
  }
}
