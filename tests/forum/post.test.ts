import { describe, expect, it } from 'vitest';
import { type NewThread, postQuestion, skipThread } from '../../src/forum/post.ts';

const thread: NewThread = { threadId: 't1', guildId: 'g1', parentId: 'forum', inForum: true, newlyCreated: true };
const post = { title: '  When was the KIA founded? ', firstMessage: ' I could not find it. ', byBot: false };

describe('which new threads are posts to look at', () => {
  it('a new post in the answered forum is', () => {
    expect(skipThread(thread, 'forum')).toBeUndefined();
  });

  it('a thread in a text channel, an old thread, another forum, or a server with no forum set is not', () => {
    expect(skipThread({ ...thread, inForum: false }, 'forum')).toBe('not-a-forum-post');
    expect(skipThread({ ...thread, newlyCreated: false }, 'forum')).toBe('not-new');
    expect(skipThread({ ...thread, parentId: 'other' }, 'forum')).toBe('not-the-answered-forum');
    expect(skipThread(thread, undefined)).toBe('not-the-answered-forum');
    expect(skipThread({ ...thread, parentId: undefined }, undefined)).toBe('not-the-answered-forum');
  });
});

describe('the question a post asks', () => {
  it('is the title and the first message, on two lines, when message content is readable', () => {
    expect(postQuestion(post, true)).toEqual({ question: 'When was the KIA founded?\nI could not find it.' });
  });

  it('is the title alone without message content, even if some text came through', () => {
    expect(postQuestion(post, false)).toEqual({ question: 'When was the KIA founded?' });
  });

  it('is the title alone when the first message is empty (an image, or unknown)', () => {
    expect(postQuestion({ ...post, firstMessage: '   ' }, true)).toEqual({ question: 'When was the KIA founded?' });
  });

  it('drops mentions, links and Markdown from each part, as chat questions do', () => {
    const marked = {
      title: '**KIA** question',
      firstMessage: '<@123456789012345678> when was it founded?\nSee https://example.com/x and `this`',
      byBot: false,
    };
    expect(postQuestion(marked, true)).toEqual({
      question: 'KIA question\nwhen was it founded? See and this',
    });
  });

  it('is none for a bot’s post', () => {
    expect(postQuestion({ ...post, byBot: true }, true)).toEqual({ skip: 'posted-by-a-bot' });
  });
});
