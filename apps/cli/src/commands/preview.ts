import type { Command } from 'commander';
import { type CommandContext, writeJson } from '../context.js';
import { describeInputError, issuesText, oneLine, UsageError } from '../errors.js';
import { println } from '../io.js';

interface PreviewFlags {
  stack: string;
  set: string[];
  json?: boolean;
}

/** Set by scripts/build.ts in the bundle: the code runs as plain JavaScript, without a TypeScript loader. */
declare const __KARST_BUNDLED__: boolean | undefined;

type InfraOffline = typeof import('@karst/infra/offline');

/**
 * infra's offline preview, loaded on demand (the Pulumi SDK takes a while to import and no other command
 * needs it). infra is a TypeScript program that lives only in the Karst repository, so the bundled CLI
 * does not carry it: there, tsx (a workspace devDependency) is registered for this one import. An
 * installed `karst` has neither and says so.
 */
async function loadInfraOffline(): Promise<InfraOffline> {
  if (typeof __KARST_BUNDLED__ === 'undefined') return import('@karst/infra/offline');
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('@karst/infra/offline')) as InfraOffline;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new UsageError(
      'preview: the offline infra preview runs inside the Karst repository only (it needs infra/ and the ' +
        'Pulumi SDK); there, run `npm run preview:offline` or this command',
    );
  }
}

/** `key=value` pairs; a key without a namespace is a `karst:` key, as in the stack file. */
export function parseSetPairs(pairs: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--set ${pair}: expected key=value, e.g. --set karst:powerCapKw=3000`);
    const key = pair.slice(0, at).trim();
    overrides[key.includes(':') ? key : `karst:${key}`] = pair.slice(at + 1);
  }
  return overrides;
}

/** Registers `karst preview`. */
export function registerPreview(program: Command, context: CommandContext): void {
  program
    .command('preview')
    .description(
      "the infra program's plan under Pulumi's mocks and the policy pack's verdict: no Pulumi CLI, no cloud, " +
        'no credentials; exits 1 when a mandatory policy refuses the plan',
    )
    .option('--stack <name>', 'the stack whose infra/Pulumi.<name>.yaml to read', 'guiyang')
    .option(
      '--set <key=value>',
      'override a config key, e.g. karst:powerCapKw=3000 (repeatable; karst: is implied)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the stack, resources, outputs and policy violations as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  karst preview\n  karst preview --set karst:powerCapKw=3000\n' +
        `  karst preview --set 'karst:itPlan={"racks":800,"kwPerRack":10}' --json\n`,
    )
    .action(async (flags: PreviewFlags) => {
      await previewCommand(context, flags);
    });
}

async function previewCommand(context: CommandContext, flags: PreviewFlags): Promise<void> {
  const { io } = context;
  const overrides = parseSetPairs(flags.set);
  const offline = await loadInfraOffline();
  const { DEFAULT_PROJECT_DIR, previewReport, runOfflinePreview } = offline;
  let preview: Awaited<ReturnType<typeof runOfflinePreview>>;
  try {
    preview = await runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack: flags.stack, overrides });
  } catch (error) {
    throw new UsageError(previewErrorMessage(error, flags.stack, overrides, offline));
  }
  // infra's own report: the same plan, policies, output and exit code as `npm run preview:offline`.
  const report = previewReport(preview);
  if (flags.json) writeJson(context, report.json);
  else println(io.stdout, report.text);
  context.exitCode = report.exitCode;
}

function previewErrorMessage(
  error: unknown,
  stack: string,
  overrides: Record<string, string>,
  // The classes come from the loaded module: in the bundled CLI, infra's copy of @karst/climate is not ours.
  offline: Pick<InfraOffline, 'InfraConfigError' | 'STACK_FILE_SUBJECT' | 'ValidationError'>,
): string {
  if (error instanceof offline.InfraConfigError) {
    return error.problems
      .map((problem) => {
        // Keys of other namespaces (aws:region) carry theirs.
        const key = problem.key.includes(':') ? problem.key : `karst:${problem.key}`;
        const origin = key in overrides ? `--set ${key}` : `stack ${stack}: ${key}`;
        return `${origin}: ${problem.message} (fix: ${problem.fix})`;
      })
      .join('; ');
  }
  if (error instanceof offline.ValidationError) {
    if (error.subject === offline.STACK_FILE_SUBJECT) {
      const text = error.issues.map((issue) => issue.message).join('; ');
      return `--stack ${stack}: ${oneLine(text.replace(/: ENOENT.*$/, ': no such file'))}`;
    }
    return `stack ${stack}: invalid ${error.subject}: ${issuesText(error.issues)}`;
  }
  const known = describeInputError(error, `stack ${stack}`);
  if (known !== null) return known;
  throw error;
}
