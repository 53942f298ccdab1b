import { describe, expect, it } from 'vitest';
import { taskFailure } from './dashscope/errors';
import { failureWords } from './failure-words';

const messageForCode = (code: string, serviceMessage: string) => failureWords(taskFailure(code, serviceMessage));

describe('messages for the service’s refusals', () => {
  it('says which region offers which model when the model does not exist there', () => {
    expect(taskFailure('InvalidParameter', 'Model not exist.').kind).toBe('model-not-offered');
    expect(taskFailure('ModelNotFound', '').kind).toBe('model-not-offered');
    expect(taskFailure('InvalidParameter', 'Unsupported target_lang').kind).not.toBe('model-not-offered');
    const { message, action } = messageForCode('InvalidParameter', 'Model not exist.');
    expect(message).toMatch(/does not offer the chosen model/);
    expect(message).toMatch(/Beijing.*qwen-mt-image;.*Singapore.*qwen-mt-image-2\.0/);
    expect(action).toBe('open-settings');
  });

  it('adds the regions’ models to an access refusal', () => {
    expect(messageForCode('AccessDenied', '').message).toMatch(/refused access.*qwen-mt-image-2\.0/);
  });

  it('words another model’s refusal of the pair as such, not billed', () => {
    const { message } = messageForCode(
      'InvalidParameter',
      'Translation from Japanese to Korean is not supported: one of source_lang and target_lang must be Chinese or English.',
    );
    expect(message).toMatch(/does not offer this language pair \(Translation from Japanese to Korean/);
    expect(message).toMatch(/Nothing was billed/);
  });
});

describe('words for what went wrong on the way', () => {
  it('words a refusal by the temporary storage as the service’s own refusal of that code, with what the storage said', () => {
    const denied = failureWords({
      kind: 'upload-failed',
      code: 'AccessDenied',
      detail: { status: 403, code: 'AccessDenied', message: 'Access denied.', refusal: 'access-denied' },
    });
    expect(denied.message).toMatch(
      /^The translation service refused access \(The image could not be uploaded to DashScope's temporary storage \(HTTP 403 AccessDenied: Access denied\.\)\.\)\. .*qwen-mt-image-2\.0/,
    );
    expect(denied.action).toBe('open-settings');
    const gateway = failureWords({ kind: 'upload-failed', code: 'HTTP502', detail: { status: 502, refusal: 'service-failed' } });
    expect(gateway).toEqual({
      message:
        "The translation service failed on this image (The image could not be uploaded to DashScope's temporary storage (HTTP 502).). Try again in a moment.",
      action: 'retry',
    });
  });

  it('says what the download brought instead of a picture, and offers to try again', () => {
    expect(failureWords({ kind: 'not-an-image', code: 'NotAnImage', detail: { type: 'text/html' } })).toEqual({
      message: 'The translated image could not be downloaded (the answer was text/html, not a JPEG, PNG or WebP picture).',
      action: 'retry',
    });
  });

  it('says a canvas holding another site’s picture cannot be read, with nothing to try again', () => {
    expect(failureWords({ kind: 'unreadable', detail: { problem: 'canvas-tainted' } })).toEqual({
      message: 'This picture cannot be read because it comes from another site, so it cannot be sent for translation.',
    });
  });
});
