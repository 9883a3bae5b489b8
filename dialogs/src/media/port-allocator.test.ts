import { describe, expect, it } from 'vitest';
import { PortAllocator } from './port-allocator.js';
import { openResources } from './resources.js';

describe('PortAllocator', () => {
  it('hands out even ports round-robin and refuses with a retryable code when full', () => {
    const ports = new PortAllocator({ min: 30001, max: 30007 });
    expect(ports.size).toBe(3);
    const got = [ports.allocate(), ports.allocate(), ports.allocate()];
    expect(got).toEqual([30002, 30004, 30006]);
    expect(openResources().ports).toBe(3);
    expect(() => ports.allocate()).toThrowError(expect.objectContaining({ code: 'PORT_RANGE_EXHAUSTED', retryable: true }));
    ports.release(30004);
    ports.release(30004);
    expect(ports.allocate()).toBe(30004);
    for (const p of got) ports.release(p);
    expect(ports.allocated).toBe(0);
    expect(openResources().ports).toBe(0);
  });

  it('reuses a released port last', () => {
    const ports = new PortAllocator({ min: 30000, max: 30010 });
    const first = ports.allocate();
    ports.release(first);
    expect(ports.allocate()).not.toBe(first);
  });

  it('refuses an impossible range', () => {
    expect(() => new PortAllocator({ min: 500, max: 600 })).toThrowError(expect.objectContaining({ code: 'PORT_RANGE_INVALID' }));
    expect(() => new PortAllocator({ min: 30001, max: 30001 })).toThrowError(expect.objectContaining({ code: 'PORT_RANGE_INVALID' }));
  });
});
