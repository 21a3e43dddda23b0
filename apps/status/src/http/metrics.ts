/** Upper bounds of the request-duration histogram buckets, in seconds (Prometheus defaults, trimmed). */
const DURATION_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** Request-duration histograms by route, method and status, rendered in the Prometheus text format. */
export class RequestMetrics {
  private readonly histograms = new Map<string, Histogram>();

  observe(route: string, method: string, status: number, durationS: number): void {
    const key = `route="${escapeLabel(route)}",method="${method}",status="${status}"`;
    let histogram = this.histograms.get(key);
    if (!histogram) {
      histogram = { counts: DURATION_BUCKETS_S.map(() => 0), sum: 0, count: 0 };
      this.histograms.set(key, histogram);
    }
    for (let i = 0; i < DURATION_BUCKETS_S.length; i++)
      if (durationS <= DURATION_BUCKETS_S[i]!) histogram.counts[i]!++;
    histogram.sum += durationS;
    histogram.count++;
  }

  render(): string {
    const lines = [
      '# HELP karst_http_request_duration_seconds Time to answer an HTTP request.',
      '# TYPE karst_http_request_duration_seconds histogram',
    ];
    for (const [labels, histogram] of this.histograms) {
      DURATION_BUCKETS_S.forEach((bound, i) => {
        lines.push(
          `karst_http_request_duration_seconds_bucket{${labels},le="${bound}"} ${histogram.counts[i]}`,
        );
      });
      lines.push(`karst_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      lines.push(`karst_http_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      lines.push(`karst_http_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    return lines.join('\n');
  }
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** One gauge in the Prometheus text format. */
export function gauge(name: string, help: string, value: number, labels = ''): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name}${labels ? `{${labels}}` : ''} ${Number.isFinite(value) ? value : 'NaN'}`;
}
