import { describe, expectTypeOf, it } from 'vitest';
import {
  sendToFrame,
  sendToWorker,
  type CandidateImage,
  type CheckKeyReply,
  type Handlers,
  type LocatedImage,
  type PageScriptProtocol,
  type ReadReply,
  type TranslatePageReply,
  type WorkerProtocol,
} from './protocol';

// Checked by `tsc` (these files are part of the project); the runtime assertions below only name the cases.
describe('the protocol maps', () => {
  it('type each reply by its message', () => {
    expectTypeOf(sendToWorker<'check-key'>).returns.toEqualTypeOf<Promise<CheckKeyReply>>();
    expectTypeOf(sendToWorker<'translate-page'>).returns.toEqualTypeOf<Promise<TranslatePageReply>>();
    expectTypeOf(sendToWorker<'cancel-page'>).returns.toEqualTypeOf<Promise<undefined>>();
    expectTypeOf(sendToFrame<'locate'>).returns.toEqualTypeOf<Promise<LocatedImage | null>>();
    expectTypeOf(sendToFrame<'collect'>).returns.toEqualTypeOf<Promise<CandidateImage[]>>();
    expectTypeOf(sendToFrame<'read'>).returns.toEqualTypeOf<Promise<ReadReply>>();
  });

  it('infer the message key from the message', () => {
    // Never called: only the inferred types are checked.
    const send = () => sendToWorker({ type: 'check-key', apiKey: 'k', endpoint: 'https://e.example', model: 'm' });
    expectTypeOf(send).returns.toEqualTypeOf<Promise<CheckKeyReply>>();
    const locate = () => sendToFrame(1, 0, { type: 'locate', srcUrl: 'https://e.example/a.png' });
    expectTypeOf(locate).returns.toEqualTypeOf<Promise<LocatedImage | null>>();
    // @ts-expect-error a request's fields are those of its key
    const wrongFields = () => sendToWorker({ type: 'translate-page', entryId: 'x' });
    // @ts-expect-error no such message
    const unknownType = () => sendToFrame(1, 0, { type: 'paint' });
    expectTypeOf(wrongFields).toBeFunction();
    expectTypeOf(unknownType).toBeFunction();
  });

  it('make a missing handler or a wrong reply a compile error', () => {
    const page: Handlers<PageScriptProtocol> = {
      locate: () => null,
      'locate-pointer': () => null,
      collect: () => [],
      read: () => ({ error: { problem: 'gone' } }),
      'read-parts': () => ({ error: { problem: 'gone' } }),
      job: () => undefined,
      'set-view': () => undefined,
    };
    // @ts-expect-error 'set-view' has no handler
    const missing: Handlers<PageScriptProtocol> = { ...page, 'set-view': undefined };
    // @ts-expect-error `collect` replies with a list of images, not one
    const wrongReply: Handlers<PageScriptProtocol> = { ...page, collect: () => null };
    const noop = async () => undefined;
    const worker: Handlers<WorkerProtocol> = {
      retry: noop,
      'translate-from-page': noop,
      'translate-near': noop,
      'open-options': noop,
      'set-view': noop,
      'check-key': async () => ({ ok: true }),
      'translate-page': async () => ({ started: true }),
      'cancel-page': noop,
      'translate-again': async () => ({ jobId: 'j' }),
    };
    // @ts-expect-error "check-key" must say whether the key works
    const wrongWorkerReply: Handlers<WorkerProtocol> = { ...worker, 'check-key': async () => 'ok' };
    // @ts-expect-error an acknowledgement carries nothing
    const acknowledgementWithData: Handlers<WorkerProtocol> = { ...worker, 'cancel-page': async () => ({ started: true }) };
    for (const handlers of [page, missing, wrongReply, worker, wrongWorkerReply, acknowledgementWithData]) {
      expectTypeOf(handlers).toBeObject();
    }
  });
});
