// Starts the policy pack exactly as the Pulumi CLI's Node.js language host does and talks to it over the
// Analyzer gRPC protocol with the client and proto stubs @pulumi/pulumi ships. The command line is the one
// pulumi-language-nodejs RunPlugin builds for an analyzer plugin (sdk/nodejs/cmd/pulumi-language-nodejs,
// main.go: `args = [runPath, nodeargs..., req.Args..., programDirectory]`, req.Args = [engine address],
// the program directory being the pack's folder): `node <run-policy-pack> <nodeargs...> <engine> <pack dir>`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OfflineResource } from '../run-offline.js';

/** infra/policy, the folder the CLI hands the language host as the pack's program directory. */
export const PACK_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const packRequire = createRequire(join(PACK_DIR, 'package.json'));
const pulumiDir = dirname(packRequire.resolve('@pulumi/pulumi/package.json'));
const pulumiRequire = createRequire(join(pulumiDir, 'package.json'));

// The stubs are CommonJS without usable types here; each is narrowed to what the test calls.
type Message = Record<string, (...args: never[]) => unknown>;
type Callback<T> = (error: Error | null, value: T) => void;
interface AnalyzerClient {
  getAnalyzerInfo(request: unknown, callback: Callback<Message>): void;
  analyze(request: unknown, callback: Callback<Message>): void;
  analyzeStack(request: unknown, callback: Callback<Message>): void;
  close(): void;
}
const grpc = pulumiRequire('@grpc/grpc-js') as {
  credentials: { createInsecure(): unknown };
};
const services = pulumiRequire('./proto/analyzer_grpc_pb.js') as {
  AnalyzerClient: new (address: string, credentials: unknown) => AnalyzerClient;
};
const analyzerProto = pulumiRequire('./proto/analyzer_pb.js') as Record<string, new () => Message> & {
  EnforcementLevel: Record<string, number>;
};
const { Empty } = pulumiRequire('google-protobuf/google/protobuf/empty_pb.js') as {
  Empty: new () => unknown;
};
const { Struct } = pulumiRequire('google-protobuf/google/protobuf/struct_pb.js') as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};

/** The value the engine sends for a property it cannot know yet (a preview of a resource not created). */
export const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** The `nodeargs` of PulumiPolicy.yaml, which the language host puts after run-policy-pack's path. */
export function packNodeArgs(): string[] {
  const yaml = readFileSync(join(PACK_DIR, 'PulumiPolicy.yaml'), 'utf8');
  const match = yaml.match(/^\s*nodeargs:\s*(.+)$/m);
  return match?.[1]
    ? match[1]
        .trim()
        .replace(/^["']|["']$/g, '')
        .split(/\s+/)
    : [];
}

/** The language host's command line for the pack, after `node`. */
export function languageHostArgs(engineAddress: string): string[] {
  return [
    packRequire.resolve('@pulumi/pulumi/cmd/run-policy-pack'),
    ...packNodeArgs(),
    engineAddress,
    PACK_DIR,
  ];
}

function newestMtimeMs(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (the package's `build` script) when it is missing or older than src/. Turbo builds it before
 * the tests (infra/policy/turbo.json); this keeps `vitest run` in the package working after an edit.
 */
export function ensureBuilt(): void {
  const main = join(PACK_DIR, 'dist', 'index.js');
  let builtAt = 0;
  try {
    builtAt = statSync(main).mtimeMs;
  } catch {
    builtAt = 0;
  }
  if (builtAt >= newestMtimeMs(join(PACK_DIR, 'src'))) return;
  const tsc = packRequire.resolve('typescript/bin/tsc');
  for (const args of [[tsc, '-p', 'tsconfig.build.json'], [join('scripts', 'mark-commonjs.mjs')]]) {
    const result = spawnSync(process.execPath, args, { cwd: PACK_DIR, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`building the pack failed: ${result.stdout}${result.stderr}`);
  }
}

/**
 * A violation as the engine receives it. The pack sends `<policy description>\n<message>`; the message
 * here is the part after the description, as the offline run reports it. A resource policy's diagnostic
 * comes without a URN and the engine files it under the resource analyzed; so does this.
 */
export interface GrpcViolation {
  policy: string;
  enforcementLevel: 'advisory' | 'mandatory' | 'disabled' | 'remediate';
  urn: string;
  message: string;
}

/** The running pack and a client connected to it. */
export interface RunningPack {
  child: ChildProcess;
  port: number;
  info(): Promise<{ name: string; policies: { name: string; enforcementLevel: string }[] }>;
  analyze(resource: OfflineResource): Promise<GrpcViolation[]>;
  analyzeStack(resources: readonly OfflineResource[]): Promise<GrpcViolation[]>;
  stop(): void;
}

const LEVEL_NAMES = Object.fromEntries(
  Object.entries(analyzerProto.EnforcementLevel).map(([name, value]) => [value, name.toLowerCase()]),
) as Record<number, GrpcViolation['enforcementLevel']>;

function call<T>(run: (callback: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, value) => (error ? reject(error) : resolve(value)));
  });
}

function options(): Message {
  const opts = new analyzerProto.AnalyzerResourceOptions!();
  (opts.setProtect as (value: boolean) => void)(false);
  return opts;
}

function fill(message: Message, resource: OfflineResource): Message {
  (message.setType as (value: string) => void)(resource.type);
  (message.setName as (value: string) => void)(resource.name);
  (message.setUrn as (value: string) => void)(resource.urn);
  (message.setProperties as (value: unknown) => void)(Struct.fromJavaScript(resource.props));
  (message.setOptions as (value: unknown) => void)(options());
  return message;
}

function violationsOf(response: Message, analyzedUrn = ''): GrpcViolation[] {
  return (response.getDiagnosticsList as () => Message[])().map((diagnostic) => {
    const description = (diagnostic.getDescription as () => string)();
    const text = (diagnostic.getMessage as () => string)();
    return {
      policy: (diagnostic.getPolicyname as () => string)(),
      enforcementLevel: LEVEL_NAMES[(diagnostic.getEnforcementlevel as () => number)()] ?? 'advisory',
      urn: (diagnostic.getUrn as () => string)() || analyzedUrn,
      message: text.startsWith(`${description}\n`) ? text.slice(description.length + 1) : text,
    };
  });
}

/**
 * Spawns the pack with the language host's command line (a closed engine address: the pack only needs it
 * for log calls, which these requests do not make), waits for the port it prints on stdout, and connects.
 * Rejects with the pack's stderr when it exits first.
 */
export function startPack(engineAddress = '127.0.0.1:1'): Promise<RunningPack> {
  const child = spawn(process.execPath, languageHostArgs(engineAddress), {
    cwd: PACK_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the policy pack exited ${code} before printing its port:\n${stderr}`));
    child.once('exit', onExit);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = stdout.match(/^(\d+)\s*$/m)?.[1];
      if (port === undefined) return;
      child.stdout.removeAllListeners('data');
      child.off('exit', onExit);
      const client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      resolve({
        child,
        port: Number(port),
        info: async () => {
          const info = await call<Message>((callback) => client.getAnalyzerInfo(new Empty(), callback));
          return {
            name: (info.getName as () => string)(),
            policies: (info.getPoliciesList as () => Message[])().map((policy) => ({
              name: (policy.getName as () => string)(),
              enforcementLevel: LEVEL_NAMES[(policy.getEnforcementlevel as () => number)()] ?? 'advisory',
            })),
          };
        },
        analyze: async (resource) =>
          violationsOf(
            await call<Message>((callback) =>
              client.analyze(fill(new analyzerProto.AnalyzeRequest!(), resource), callback),
            ),
            resource.urn,
          ),
        analyzeStack: async (resources) => {
          const request = new analyzerProto.AnalyzeStackRequest!();
          (request.setResourcesList as (value: unknown[]) => void)(
            resources.map((resource) => fill(new analyzerProto.AnalyzerResource!(), resource)),
          );
          return violationsOf(await call<Message>((callback) => client.analyzeStack(request, callback)));
        },
        stop: () => {
          client.close();
          child.kill('SIGKILL');
        },
      });
    });
  });
}
