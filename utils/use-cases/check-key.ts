import { i18n } from '#i18n';
import { createDashScopeClient } from '@/utils/dashscope/client';
import { failureOf } from '@/utils/dashscope/errors';
import { failureWords } from '@/utils/failure-words';
import type { CheckKeyReply } from '@/utils/protocol';
import { endpointSchema } from '@/utils/endpoints';
import { modelSchema } from '@/utils/model-schema';

/** The options page's "Check key": one cheap call to the endpoint, with the key and model as typed. */
export async function checkKey(apiKey: string, endpoint: string, model: string): Promise<CheckKeyReply> {
  const base = endpointSchema.safeParse(endpoint);
  if (!base.success) return { ok: false, message: i18n.t('errors.checkKey.invalidEndpoint') };
  if (!apiKey.trim()) return { ok: false, message: i18n.t('errors.checkKey.noKey') };
  const checkedModel = modelSchema.safeParse(model);
  if (!checkedModel.success) return { ok: false, message: i18n.t('errors.checkKey.invalidModel') };
  try {
    await createDashScopeClient({ baseUrl: base.data, apiKey: apiKey.trim() }).checkKey(checkedModel.data);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: failureWords(failureOf(error)).message };
  }
}
