import type { App, RouteContext } from '../deps.js';

export function registerDashboard(app: App, ctx: RouteContext): void {
  app.get('/', async (c) => {
    const live = await ctx.live.get();
    return c.html(
      `<!doctype html><title>Karst</title><p>PUE ${ctx.budgets.deployment.annual.pue.toFixed(3)}; readings ${live.readingsStored}</p>`,
    );
  });
}
