import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Upper bounds of the request-duration histogram buckets, in seconds (Prometheus defaults, trimmed). */
const DURATION_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The process metrics prom-client collects (CPU, memory, event-loop lag, GC, handles, open descriptors),
 * in one registry per process: several apps in one process (tests) share them.
 */
let processRegistry: Registry | undefined;
function defaultMetricsRegistry(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type DurationChild = ReturnType<Histogram<'route' | 'method' | 'status'>['labels']>;

/**
 * The service's Prometheus metrics through prom-client: request durations by route, method and status
 * (`karst_http_request_duration_seconds`), the gauges routes register in `registry`, and the default
 * process metrics.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'karst_http_request_duration_seconds',
    help: 'Time to answer an HTTP request.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS_S,
    registers: [this.registry],
  });
  /** One labelled child per (route, method, status): prom-client then does no label hashing per request. */
  private readonly children = new Map<string, DurationChild>();

  constructor() {
    defaultMetricsRegistry();
  }

  observe(route: string, method: string, status: number, durationS: number): void {
    this.child(route, method, status).observe(durationS);
  }

  /**
   * `observe` with the labels fixed once: `record(durationS)` counts one request of that route, method and
   * status (the Node server's hot lane takes one per route, and then does no label work per request).
   */
  recorder(route: string, method: string, status: number): (durationS: number) => void {
    const child = this.child(route, method, status);
    return (durationS) => child.observe(durationS);
  }

  private child(route: string, method: string, status: number): DurationChild {
    const key = `${status} ${method} ${route}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.duration.labels(route, method, String(status));
      this.children.set(key, child);
    }
    return child;
  }

  /** Everything in the Prometheus text format (version 0.0.4). */
  async render(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), defaultMetricsRegistry().metrics()]);
    return `${own}\n${process}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
