import { describe, expect, it } from 'vitest';
import { ComputeGate } from './compute-gate.js';

describe('ComputeGate', () => {
  it('runs admitted computes one per turn of the event loop, so other callbacks get in between', async () => {
    const gate = new ComputeGate<string>(3);
    const order: string[] = [];
    const results = ['a', 'b', 'c'].map((key) =>
      gate.run(key, () => {
        order.push(key);
        return key;
      }),
    );
    // Queued after the three were admitted: with one compute per turn it runs after the first, not the third.
    setImmediate(() => order.push('probe'));
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'probe', 'b', 'c']);
    expect(gate.size).toBe(0);
  });

  it('refuses a new key past the limit, shares an admitted one, and frees the place when done', async () => {
    const gate = new ComputeGate<number>(1);
    let runs = 0;
    const first = gate.run('x', () => ++runs);
    expect(gate.run('x', () => ++runs)).toBe(first);
    expect(gate.run('y', () => ++runs)).toBeUndefined();
    expect(await first).toBe(1);
    expect(await gate.run('y', () => ++runs)).toBe(2);
  });

  it('passes a compute that throws to every caller sharing it, and frees its place', async () => {
    const gate = new ComputeGate<number>(1);
    const failing = gate.run('x', () => {
      throw new Error('bad plan');
    });
    await expect(failing).rejects.toThrow('bad plan');
    expect(gate.size).toBe(0);
  });

  it('needs a whole number of places, at least one', () => {
    expect(() => new ComputeGate(0)).toThrow(RangeError);
  });
});
