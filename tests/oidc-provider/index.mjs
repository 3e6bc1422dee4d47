// A real OpenID provider (panva/oidc-provider) for the Dashboard's sign-in tests: one confidential client
// (the Dashboard), a few accounts whose claims carry the roles and provinces the Dashboard maps, and a
// minimal login page of our own that checks the password (oidc-provider's documented interaction API).
// Tests only: plain http on 127.0.0.1, keys made up at start, everything in memory.
//
//   node index.mjs --port 5601 --dashboard http://127.0.0.1:5600/ [--issuer-host localhost] [--secret S]
//
// --issuer-host names the provider in its issuer URL (default 127.0.0.1; the socket always binds 127.0.0.1).
// "localhost" makes the provider another site than a Dashboard on 127.0.0.1, as a real SSO server is.
// Prints "ready <issuer>" on standard output once listening.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    dashboard: { type: 'string' },
    'issuer-host': { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string', default: 'supervision-dashboard' },
    secret: { type: 'string', default: 'test-oidc-client-secret-0123456789' },
  },
});

const port = Number.parseInt(args.port ?? '', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`oidc-provider: --port: '${args.port ?? ''}' is not a TCP port`);
  process.exit(2);
}
let dashboard;
try {
  dashboard = new URL(args.dashboard ?? '');
} catch {
  console.error(`oidc-provider: --dashboard: '${args.dashboard ?? ''}' is not an absolute URL (the Dashboard's base address)`);
  process.exit(2);
}

// Password, claims. roles/provinces are what OidcSettings.RoleClaim/ProvinceClaim read; both shapes a real
// provider sends are here: a JSON array, and one space-separated string.
const accounts = new Map([
  ['hcm.engineer', { password: 'hcm-pass', name: 'Trần Văn Kỹ', roles: ['engineer', 'oidc-unknown'], provinces: ['79'] }],
  ['leader', { password: 'leader-pass', name: 'Lê Thị Lãnh Đạo', roles: 'leader viewer', provinces: [] }],
  ['admin', { password: 'admin-pass', name: 'Quản trị SSO', roles: ['admin'], provinces: [] }],
  ['norole', { password: 'norole-pass', name: 'Không vai trò', roles: ['guest', 'staff'], provinces: ['79'] }],
]);

const issuer = `http://${args['issuer-host']}:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: args['client-id'],
    client_secret: args.secret,
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [new URL('signin-oidc', dashboard).href],
    post_logout_redirect_uris: [new URL('signout-callback-oidc', dashboard).href],
  }],
  // The Dashboard must send a code challenge (S256): a missing one is an error, not a silent downgrade.
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'supervision'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    supervision: ['roles', 'provinces'],
  },
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) {
      return undefined;
    }
    return {
      accountId: sub,
      async claims() {
        return { sub, name: account.name, preferred_username: sub, roles: account.roles, provinces: account.provinces };
      },
    };
  },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Confirms the provider-side sign-out at once (with logout=yes the provider session ends too).
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signing out</title></head><body>
          ${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes">
          <script>document.getElementById('op.logoutForm').submit()</script></body></html>`;
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(res, uid, error, status) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Test SSO sign-in</title></head><body>
    <h1>Test SSO</h1>${error ? `<p id="error" role="alert">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
      <label>Login <input name="login" id="login" required autofocus></label>
      <label>Password <input name="password" id="password" type="password" required></label>
      <button type="submit" id="submit">Sign in</button>
    </form></body></html>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16 * 1024) {
      throw new Error('form too large');
    }
  }
  return new URLSearchParams(body);
}

// The first-party Dashboard needs no consent screen: grant what it asked for, as an SSO admin would.
async function grantConsent(req, res, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) {
    grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  }
  if (prompt.details.missingOIDCClaims) {
    grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  }
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end('interaction mismatch');
    return;
  }
  if (details.prompt.name === 'consent') {
    await grantConsent(req, res, details);
    return;
  }
  if (details.prompt.name !== 'login') {
    res.writeHead(501).end(`prompt ${details.prompt.name} not implemented`);
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    loginPage(res, uid, undefined, 200);
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const account = accounts.get(login);
    if (!account || account.password !== (form.get('password') ?? '')) {
      loginPage(res, uid, 'Wrong login or password', 401);
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(405).end();
}

const handle = provider.callback();
const server = createServer((req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    handle(req, res);
    return;
  }
  interaction(req, res, match[1], match[2]).catch((err) => {
    console.error(`oidc-provider: interaction ${match[1]}: ${err.message}`);
    if (!res.headersSent) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`interaction failed: ${err.message}`);
    }
  });
});

server.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
