import { DashScopeError } from '../dashscope/errors';
import type { JobAction } from '../protocol';

/** What the user reads on the image when something goes wrong, and what the image offers them to do. */
export interface UserMessage {
  message: string;
  action?: JobAction;
}

export const UNCERTAIN: UserMessage = {
  message:
    'The image was sent to the translation service but no answer came back, so a task may have been created (and billed). Translate again only if no translation appears.',
  action: 'retry',
};

export const NO_TEXT: UserMessage = {
  message: 'No text detected for translation, so the image is unchanged. The service still billed it as one image.',
};

export const UNKNOWN_TASK: UserMessage = {
  message: 'The translation service no longer knows this task (tasks expire after 24 hours). Translate the image again.',
  action: 'retry',
};

export const UNREACHABLE: UserMessage = {
  message:
    'The translation service could not be reached after several tries. Check your connection and the API endpoint in settings, then try again.',
  action: 'retry',
};

export const PICTURE_GONE: UserMessage = {
  message: 'The picture read from the page is no longer stored by the extension. Translate the image again.',
};

export const NO_KEY: UserMessage = {
  message: 'Add your DashScope API key in the extension’s settings to translate images.',
  action: 'open-settings',
};

/** A failure reported by the service, whether in a reply or in a failed task, in plain words. */
export function messageForCode(code: string, serviceMessage: string): UserMessage {
  const detail = serviceMessage ? ` (${serviceMessage})` : '';
  if (code === 'InvalidApiKey') {
    return {
      message: 'The translation service rejected your API key. Open settings and check the key and its region.',
      action: 'open-settings',
    };
  }
  if (code === 'AccessDenied') {
    return {
      message: `The translation service refused access${detail}. Check in settings that the key belongs to the chosen endpoint’s region.`,
      action: 'open-settings',
    };
  }
  if (code === 'Arrearage') {
    return {
      message: 'Your Alibaba Cloud account has an overdue payment, so the service refused. Top up the account, then try again.',
      action: 'retry',
    };
  }
  if (code === 'Throttling.AllocationQuota') {
    return { message: 'Your qwen-mt-image quota is used up. Raise it in the Model Studio console, then try again.', action: 'retry' };
  }
  if (code.startsWith('DataInspection')) {
    return { message: 'The service declined this image’s content (content inspection), so it cannot be translated.' };
  }
  if (code.startsWith('InvalidParameter')) {
    return {
      message: `The service could not translate this image${detail}. It may be unreachable from the internet, or not a supported picture.`,
      action: 'retry',
    };
  }
  if (code === 'CANCELED') return { message: 'The task was cancelled by the service. Try again.', action: 'retry' };
  return { message: `The translation service failed on this image${detail}. Try again in a moment.`, action: 'retry' };
}

export function messageForError(error: unknown): UserMessage {
  if (error instanceof DashScopeError) {
    if (error.kind === 'network') return UNREACHABLE;
    if (error.kind === 'malformed')
      return { message: 'The translation service gave an answer we could not read. Try again.', action: 'retry' };
    return messageForCode(error.code ?? '', error.message);
  }
  return { message: `Something went wrong: ${String(error)}. Try again.`, action: 'retry' };
}
