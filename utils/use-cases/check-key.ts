import { createDashScopeClient } from '@/utils/dashscope/client';
import { failureOf } from '@/utils/dashscope/errors';
import type { CheckKeyReply } from '@/utils/protocol';
import { endpointSchema } from '@/utils/endpoints';
import { modelSchema } from '@/utils/model-schema';

/** The options page's "Check key": one cheap call to the endpoint, with the key and model as typed. */
export async function checkKey(apiKey: string, endpoint: string, model: string): Promise<CheckKeyReply> {
  const base = endpointSchema.safeParse(endpoint);
  if (!base.success) return { ok: false, typed: 'invalid-endpoint' };
  if (!apiKey.trim()) return { ok: false, typed: 'no-key' };
  const checkedModel = modelSchema.safeParse(model);
  if (!checkedModel.success) return { ok: false, typed: 'invalid-model' };
  try {
    await createDashScopeClient({ baseUrl: base.data, apiKey: apiKey.trim() }).checkKey(checkedModel.data);
    return { ok: true };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}
