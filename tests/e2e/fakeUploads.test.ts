import { describe, expect, it } from 'vitest';
import { SpecValidator } from './fake/index.ts';
import { uploadProblems } from './fake/uploads.ts';

// The fake's check of multipart uploads (fake/uploads.ts), on the bodies discord.js sends.
const spec = SpecValidator.shared();
const CALLBACK = '/interactions/1/token/callback';
const EDIT = '/webhooks/1/token/messages/@original';
const chart = { field: 'files[0]', name: 'chart.png' };

function callback(data: Record<string, unknown>) {
  return { type: 4, data };
}

describe('the fake Discord checks uploads', () => {
  it('passes an image uploaded, named in attachments and shown in the embed', () => {
    const data = {
      embeds: [{ title: 't', image: { url: 'attachment://chart.png' } }],
      attachments: [{ id: '0', filename: 'chart.png', description: 'China 85' }],
    };
    expect(uploadProblems(spec, 'POST', CALLBACK, callback(data), [chart])).toEqual([]);
    expect(uploadProblems(spec, 'PATCH', EDIT, data, [chart])).toEqual([]);
  });

  it('flags an embed showing a file that was not uploaded, and an attachment id without its part', () => {
    const data = {
      embeds: [{ image: { url: 'attachment://missing.png' } }],
      attachments: [{ id: '1', filename: 'chart.png' }],
    };
    expect(uploadProblems(spec, 'PATCH', EDIT, data, [chart])).toEqual([
      'attachments names id 1, but no files[1] was uploaded',
      'an embed shows attachment://missing.png, but no file named missing.png was uploaded',
    ]);
  });

  it('flags a part not named files[n], an alt text over the spec’s limit, and a route that takes no upload', () => {
    expect(uploadProblems(spec, 'PATCH', EDIT, {}, [{ field: 'file', name: 'chart.png' }])).toEqual([
      'file part "file" is not named files[n]',
    ]);
    const long = { attachments: [{ id: '0', filename: 'chart.png', description: 'x'.repeat(1025) }] };
    expect(uploadProblems(spec, 'PATCH', EDIT, long, [chart]).join('\n')).toMatch(/description/);
    expect(uploadProblems(spec, 'PUT', '/applications/1/commands', {}, [chart])).toEqual([
      'PUT /applications/1/commands takes no multipart/form-data upload in the spec',
    ]);
  });
});
