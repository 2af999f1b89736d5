import { COST_WINDOW, PluginMetricsRegistry, percentile } from './pluginMetrics';

describe('percentile', () => {
  it('is the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('PluginMetricsRegistry', () => {
  it('keeps a fixed window of samples: percentiles of the latest, count and total of all', () => {
    const m = new PluginMetricsRegistry(
      () => 0,
      () => {},
    );
    for (let i = 0; i < COST_WINDOW; i++) m.sample('p', 'A', 100);
    for (let i = 0; i < COST_WINDOW; i++) m.sample('p', 'A', i < COST_WINDOW / 2 ? 1 : 2);
    expect(m.snapshot().p!.actions.A).toEqual({
      count: 2 * COST_WINDOW,
      p50: 1,
      p95: 2,
      totalMs: 100 * COST_WINDOW + 384,
    });
  });

  it('load and init times from status changes; tells of changes once until the next snapshot', () => {
    let t = 0;
    let told = 0;
    const m = new PluginMetricsRegistry(
      () => t,
      () => told++,
    );
    const status = (state: 'NotStarted' | 'Loaded' | 'Initializing' | 'Initialized') =>
      m.status({ id: 'p', name: 'p', phase: 0, enabled: true, state });
    status('NotStarted');
    t = 30;
    status('Loaded');
    status('Initializing');
    t = 42;
    status('Initialized');
    m.error('p');
    expect(told).toBe(1);
    expect(m.snapshot().p).toMatchObject({ loadMs: 30, initMs: 12, errors: 1 });
    m.forget('p');
    expect(told).toBe(2);
    expect(m.snapshot()).toEqual({});
  });
});
