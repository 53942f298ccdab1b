import { z } from 'zod';

/** Replies of the DashScope async API, as the qwen-mt-image reference documents them. */

export const taskStatusSchema = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const errorReplySchema = z.object({
  code: z.string(),
  message: z.string().default(''),
  request_id: z.string().optional(),
});
export type ErrorReply = z.infer<typeof errorReplySchema>;

export const submitReplySchema = z.object({
  output: z.object({ task_id: z.string().min(1), task_status: taskStatusSchema }),
  request_id: z.string().optional(),
});

export const taskReplySchema = z.object({
  request_id: z.string().optional(),
  output: z.object({
    task_id: z.string(),
    task_status: taskStatusSchema,
    submit_time: z.string().optional(),
    scheduled_time: z.string().optional(),
    end_time: z.string().optional(),
    image_url: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
  usage: z.object({ image_count: z.number() }).optional(),
});
export type TaskReply = z.infer<typeof taskReplySchema>;

/** A number, whether the service sends it as a JSON number or as a numeric string ("10"). */
const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

/**
 * The reply of GET /api/v1/uploads?action=getPolicy&model=…: a signed OSS POST policy for DashScope's temporary
 * storage. The form posted to `upload_host` takes these values; the object's key is `upload_dir + '/' + name`.
 */
export const uploadPolicyReplySchema = z.object({
  request_id: z.string().optional(),
  data: z.object({
    policy: z.string().min(1),
    signature: z.string().min(1),
    upload_dir: z.string().min(1),
    upload_host: z.url({ protocol: /^https?$/ }),
    oss_access_key_id: z.string().min(1),
    x_oss_object_acl: z.string().min(1),
    /** "true" as the service sends it; a JSON boolean is taken too. */
    x_oss_forbid_overwrite: z.union([z.string().min(1), z.boolean()]).transform(String),
    expire_in_seconds: numeric.optional(),
    max_file_size_mb: numeric.pipe(z.number().positive()).optional(),
    capacity_limit_mb: numeric.optional(),
  }),
});
export type UploadPolicyReply = z.infer<typeof uploadPolicyReplySchema>;
export type UploadPolicy = UploadPolicyReply['data'];

export const terminologySchema = z.object({ src: z.string().min(1), tgt: z.string().min(1) });

/** The request body of a task submission. */
export const submitRequestSchema = z.object({
  // The user may name a model we do not know; the service judges it.
  model: z.string().min(1),
  input: z.object({
    image_url: z.string().min(1),
    source_lang: z.string().min(1),
    target_lang: z.string().min(1),
    ext: z
      .object({
        domainHint: z.string().optional(),
        sensitives: z.array(z.string()).optional(),
        terminologies: z.array(terminologySchema).optional(),
        config: z.object({ imageSegment: z.boolean().optional(), skipImgSegment: z.boolean().optional() }).optional(),
      })
      .optional(),
  }),
});
export type SubmitRequest = z.infer<typeof submitRequestSchema>;
export type SubmitExt = NonNullable<SubmitRequest['input']['ext']>;
