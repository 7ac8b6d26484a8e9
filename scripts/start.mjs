import { noticeSources } from './seed.mjs';
import { startDevServer } from './dev-server.mjs';

const port = Number(process.env.PORT ?? 8787);
const { base, child } = await startDevServer({ port });
const sites = noticeSources().map((notice) => notice.site);
console.log(`
Candour is running at ${base}

Demo clinic pages (each embeds the widget with one script tag):
${sites.map((site) => `  ${base}/demo/${site}`).join('\n')}

Receipts verify against ${base}/.well-known/jwks.json
Admin page: ${base}/admin  (token: CANDOUR_ADMIN_TOKEN in .dev.vars)
Press Ctrl+C to stop.
`);
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
