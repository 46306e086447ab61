import { ConsoleMessage, Page } from '@playwright/test';

/**
 * What a page must never show a user: uncaught errors, error panels, failed
 * requests to the plugin's API, and console errors or warnings that the
 * project's own code causes. Warnings raised inside Backstage's components,
 * which this project cannot change, are listed below with their reason.
 */

/** Stack frames of the project's own code in the development build. */
const OWN_CODE = [
  /plugins\/s3-resources(-common)?\/src\//,
  /webpack-internal:\/\/\/\.\/src\//,
];

/** Warnings of Backstage's own components, each with why it is not ours. */
export const BACKSTAGE_WARNINGS: Array<{
  pattern: RegExp;
  reason: string;
  /** Where the warning is allowed (it names no component, so the page tells). */
  onPage?: RegExp;
}> = [
  {
    pattern: /findDOMNode is deprecated/,
    reason:
      "Material UI v4's ButtonBase and transitions, used by Backstage's core components (sign-in card, sidebar, entity header)",
  },
  {
    pattern:
      /Support for defaultProps will be removed from (function|memo) components/,
    reason:
      "Material UI v4, material-table and react-beautiful-dnd (Connect(Droppable)) inside Backstage's catalog table; shown only when the table mounts before the page is left",
  },
  {
    pattern: /registered as IconComponent, which is deprecated/,
    reason:
      "the app's built-in icons (catalog, scaffolder, kind:*) registered by Backstage's frontend defaults",
  },
  {
    pattern: /A component changed from uncontrolled to controlled/,
    reason: "the scaffolder's template list and its search field",
    onPage: /\/create(\/|$)/,
  },
  {
    pattern: /<Focusable> child must have an interactive ARIA role/,
    reason: "react-aria's TooltipTrigger in the scaffolder's template list",
    onPage: /\/create(\/|$)/,
  },
  {
    pattern: /The "enumNames" property in the schema is deprecated/,
    reason:
      "RJSF (the scaffolder's form library) deprecates schema enumNames, but the scaffolder's Review step (ReviewState) reads only enumNames to show an option's label; the register template sets both enumNames and ui:enumNames",
    onPage: /\/create(\/|$)/,
  },
  {
    pattern: /The prop `rows` of `ForwardRef\(TextField\)` is deprecated/,
    reason:
      "the scaffolder's textarea widget (Material UI TextField) for a template's description field",
  },
  {
    pattern:
      /validateDOMNesting[\s\S]*<h2>[\s\S]*h5[\s\S]*at CatalogTableToolbar \(/,
    reason:
      "the catalog index's table toolbar (@backstage/plugin-catalog CatalogTableToolbar) puts its h5 title inside an h2",
  },
  {
    pattern:
      /unique "key" prop[^\n]*\n\s+at ExtensionBoundary \([^)]*@backstage\/frontend-plugin-api[^)]*\)\s*$/,
    reason:
      "the catalog index page (page:catalog) renders its filter inputs as an array without keys; the stack names no component but Backstage's ExtensionBoundary",
  },
];

export type PageProblem = { kind: string; url: string; text: string };

async function consoleText(message: ConsoleMessage): Promise<string> {
  // React passes the component stack as arguments of a %s format.
  const args = await Promise.all(
    message.args().map(a => a.jsonValue().catch(() => '')),
  );
  return args.length ? args.map(String).join(' | ') : message.text();
}

/** Whether a console message is one the project must fix. */
export function isOwnProblem(text: string, url: string): boolean {
  if (OWN_CODE.some(p => p.test(text))) return true;
  return !BACKSTAGE_WARNINGS.some(
    w =>
      w.pattern.test(text) &&
      (!w.onPage || w.onPage.test(new URL(url).pathname)),
  );
}

/**
 * Records every problem a page shows while a crawl walks it. Requests the
 * crawl causes to fail on purpose are declared with `expectFailure`.
 */
export function watchPage(page: Page) {
  const problems: PageProblem[] = [];
  const expected: Array<{ status: number; url: RegExp }> = [];
  const pending: Array<Promise<void>> = [];
  const visited = new Set<string>();

  page.on('pageerror', error =>
    problems.push({ kind: 'page error', url: page.url(), text: error.message }),
  );
  page.on('console', message => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const url = page.url();
    // the browser's own line for a response declared with expectFailure
    const failed = /^Failed to load resource: .* status of (\d{3})/.exec(
      message.text(),
    );
    if (
      failed &&
      expected.some(
        e =>
          e.status === Number(failed[1]) && e.url.test(message.location().url),
      )
    ) {
      return;
    }
    pending.push(
      consoleText(message).then(text => {
        if (isOwnProblem(text, url)) {
          problems.push({ kind: `console ${message.type()}`, url, text });
        }
      }),
    );
  });
  page.on('response', response => {
    const url = response.url();
    const status = response.status();
    const plugin = url.includes('/api/s3-resources/');
    if (status < 400 || (!plugin && status < 500)) return;
    if (expected.some(e => e.status === status && e.url.test(url))) return;
    problems.push({
      kind: `HTTP ${status}`,
      url: page.url(),
      text: `${response.request().method()} ${url}`,
    });
  });
  // A request of the plugin's API that got no answer at all (refused,
  // reset); one the page cancelled itself (navigating away) is not a fault.
  page.on('requestfailed', request => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (!request.url().includes('/api/s3-resources/')) return;
    if (/ERR_ABORTED|NS_BINDING_ABORTED/.test(failure)) return;
    problems.push({
      kind: 'request failed',
      url: page.url(),
      text: `${request.method()} ${request.url()}: ${failure}`,
    });
  });
  page.on('framenavigated', frame => {
    if (frame === page.mainFrame()) visited.add(new URL(frame.url()).pathname);
  });

  return {
    problems,
    /** Paths the crawl has seen (query strings aside). */
    visited,
    expectFailure(status: number, url: RegExp) {
      expected.push({ status, url });
    },
    /** Error panels on the page now: Backstage's and the plugin's. */
    async checkPanels(where: string) {
      const panels = page
        .getByRole('alert')
        .filter({
          hasText:
            /^(Could not|Something went wrong|You are signed out)|Error:/,
        })
        .or(page.getByText(/^Error in [\w-]+$|Something went wrong/))
        // the plugin's danger alerts, but for a connection test's verdict
        .or(
          page
            .locator('.bui-Alert[data-status="danger"]')
            .filter({ hasNotText: /^\s*Connection test/ }),
        )
        // a page the guest (a platform member) is refused
        .or(
          page
            .locator('.bui-Alert[data-status="warning"]')
            .filter({ hasText: /^\s*(You may not|The audit view is for)/ }),
        );
      for (const panel of await panels.all()) {
        if (await panel.isVisible()) {
          problems.push({
            kind: 'error panel',
            url: page.url(),
            text: `${where}: ${(await panel.innerText()).slice(0, 300)}`,
          });
        }
      }
    },
    async settled() {
      await Promise.all(pending);
      return problems;
    },
  };
}
