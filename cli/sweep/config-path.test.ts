import { describe, expect, it } from 'vitest';
import { formatPath, getPath, parsePath, setPath } from './config-path.ts';

describe('config paths', () => {
  it('reads keys and list indices', () => {
    expect(parsePath('lanes[1].count')).toEqual(['lanes', 1, 'count']);
    expect(parsePath('scheduler.weights.urgency')).toEqual(['scheduler', 'weights', 'urgency']);
    expect(parsePath('faults[0].at_ms')).toEqual(['faults', 0, 'at_ms']);
    expect(formatPath(parsePath('lanes[1].count'))).toBe('lanes[1].count');
  });

  it('says what is wrong with a malformed path', () => {
    expect(() => parsePath('lanes[x].count')).toThrow(/not a config path/);
    expect(() => parsePath('scheduler..name')).toThrow(/empty field name/);
    expect(() => parsePath('scheduler.')).toThrow(/ends with "."/);
    expect(() => parsePath('[0]')).toThrow(/starts with an index/);
    expect(() => parsePath('')).toThrow(/not a config path/);
  });

  it('never reaches the prototype', () => {
    expect(() => parsePath('__proto__.polluted')).toThrow(/not a config field/);
    expect(() => parsePath('mix.constructor.prototype')).toThrow(/not a config field/);
    const target: Record<string, unknown> = {};
    setPath(target, ['toString'], 5);
    expect(Object.hasOwn(target, 'toString')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(getPath({}, ['toString'])).toBeUndefined();
  });

  it('creates sections the base config leaves to defaults, but not list entries', () => {
    const target: Record<string, unknown> = { lanes: [{ kind: 'cpu' }] };
    setPath(target, ['batching', 'enabled'], true);
    setPath(target, ['lanes', 0, 'count'], 3);
    expect(target).toEqual({ lanes: [{ kind: 'cpu', count: 3 }], batching: { enabled: true } });
    expect(() => setPath(target, ['lanes', 1, 'count'], 2)).toThrow(
      /lanes\[1\]\.count: the base config's lanes has 1 entry \(lanes\[0\]\.\.lanes\[0\]\)/,
    );
    expect(() => setPath({ seed: 1 }, ['seed', 'x'], 2)).toThrow(/seed is not an object/);
  });
});
