import { describe, expect, it } from 'vitest';
import { endpointSchema } from './endpoints';

describe('endpoint', () => {
  it('takes one web address as the endpoint, not two pasted together', () => {
    expect(endpointSchema.safeParse('https://gateway.example.com/dashscope').success).toBe(true);
    expect(endpointSchema.safeParse('https://dashscope.aliyuncs.comhttp://127.0.0.1:8080').success).toBe(false);
    expect(endpointSchema.safeParse('https://gateway.example.com/?key=1').success).toBe(false);
  });

  it('takes a custom endpoint only over https, or plain http to this computer', () => {
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:3000/api', 'http://127.4.5.6', 'http://127.1', 'http://[::1]:8787/']) {
      expect(endpointSchema.safeParse(local).success, local).toBe(true);
    }
    for (const remote of [
      'http://gateway.example.com',
      'http://192.168.1.20:8080',
      'http://10.0.0.1',
      'http://[::2]',
      'http://localhost.evil.example',
    ]) {
      const result = endpointSchema.safeParse(remote);
      expect(result.success, remote).toBe(false);
      expect(result.error?.issues[0]?.message, remote).toContain('https://');
    }
    expect(endpointSchema.parse('https://gateway.example.com/v1/')).toBe('https://gateway.example.com/v1');
  });
});
