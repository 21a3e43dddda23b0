// Runs the Pulumi program the way `pulumi preview` / `pulumi up` do, without the CLI: the command line the
// Node.js language host builds (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, execRuntime and
// constructArguments: `node <nodeargs...> <@pulumi/pulumi/cmd/run> --monitor A --engine A --project P
// --root-directory R --stack S --pwd <dir of main> [--dry-run] --parallel N <main file>`, with the stack's
// configuration in PULUMI_CONFIG), against an in-test resource monitor and engine served over gRPC with
// the stubs @pulumi/pulumi ships. The monitor answers like the engine: in a preview a resource gets no id
// and only its inputs back (every computed output unknown); in an update, an id and computed outputs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** infra/, where Pulumi.yaml is. */
export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const projectRequire = createRequire(join(PROJECT_DIR, 'package.json'));
const pulumiDir = dirname(projectRequire.resolve('@pulumi/pulumi/package.json'));
const pulumiRequire = createRequire(join(pulumiDir, 'package.json'));

// The stubs are CommonJS without usable types here; each is narrowed to what the harness calls.
// biome-ignore lint/suspicious/noExplicitAny: protobuf messages are dynamic objects.
type Message = any;
type Handler = (call: { request: Message }, callback: (error: Error | null, value?: Message) => void) => void;
interface GrpcServer {
  addService(service: unknown, implementation: Record<string, Handler>): void;
  bindAsync(
    address: string,
    credentials: unknown,
    callback: (error: Error | null, port: number) => void,
  ): void;
  forceShutdown(): void;
}
const grpc = pulumiRequire('@grpc/grpc-js') as {
  Server: new (options?: Record<string, unknown>) => GrpcServer;
  ServerCredentials: { createInsecure(): unknown };
};
const resourceRpc = pulumiRequire('./proto/resource_grpc_pb.js') as { ResourceMonitorService: unknown };
const engineRpc = pulumiRequire('./proto/engine_grpc_pb.js') as { EngineService: unknown };
const resourceProto = pulumiRequire('./proto/resource_pb.js') as Record<string, new () => Message>;
const providerProto = pulumiRequire('./proto/provider_pb.js') as Record<string, new () => Message>;
const engineProto = pulumiRequire('./proto/engine_pb.js') as Record<string, new () => Message> & {
  LogSeverity: Record<string, number>;
};
const { Empty } = pulumiRequire('google-protobuf/google/protobuf/empty_pb.js') as {
  Empty: new () => Message;
};
const { Struct } = pulumiRequire('google-protobuf/google/protobuf/struct_pb.js') as {
  Struct: { fromJavaScript(value: Record<string, unknown>): Message };
};

/** What the engine sends for a value it cannot know yet. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** The key that marks a serialized special value (secret, asset, archive, resource reference). */
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
/** The signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** Features the monitor says it has; the others the SDK then works around. */
const FEATURES = new Set(['secrets', 'resourceReferences', 'aliasSpecs', 'deletedWith']);

/** A RegisterResource call as the monitor received it. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  parent: string;
  /** The inputs exactly as serialized by the SDK: secrets and unknowns keep their wire form. */
  inputs: Record<string, unknown>;
}

export interface ProgramRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  registrations: Registration[];
  invokes: { token: string; args: Record<string, unknown> }[];
  /** The stack's outputs, as registered on the root resource. */
  stackOutputs: Record<string, unknown>;
  logs: { severity: string; message: string; urn: string }[];
}

/** `runtime.options.nodeargs` and `main` of Pulumi.yaml. */
export function projectRuntime(): { nodeargs: string[]; main: string; name: string } {
  const project = parse(readFileSync(join(PROJECT_DIR, 'Pulumi.yaml'), 'utf8')) as {
    name: string;
    main?: string;
    runtime: { options?: { nodeargs?: string } };
  };
  const nodeargs = project.runtime.options?.nodeargs ?? '';
  return { nodeargs: nodeargs.split(/\s+/).filter(Boolean), main: project.main ?? '.', name: project.name };
}

function urnOf(stack: string, project: string, type: string, name: string, parentUrn: string): string {
  // A child's URN carries its parent's type chain, as the engine builds it.
  const parentType = parentUrn === '' ? '' : (parentUrn.split('::')[2] ?? '');
  const qualified =
    parentType === '' || parentType === 'pulumi:pulumi:Stack' ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Computed outputs an update returns besides the inputs, by type (only what the program reads). */
function computedOutputs(type: string, name: string, id: string, region: string): Record<string, unknown> {
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const outputs: Record<string, unknown> = {
    id,
    arn: `arn:${partition}:${type.split(':')[1]?.split('/')[0] ?? 'x'}:${region}:123456789012:${name}`,
  };
  if (type === 'aws:lambda/functionUrl:FunctionUrl')
    outputs.functionUrl = `https://${id}.lambda-url.${region}.on.aws/`;
  if (type === 'aws:lb/loadBalancer:LoadBalancer')
    outputs.dnsName = `internal-${name}.${region}.elb.${suffix}`;
  if (type === 'aws:apigateway/restApi:RestApi') outputs.rootResourceId = `${id}-root`;
  if (type === 'aws:apigateway/stage:Stage')
    outputs.invokeUrl = `https://${id}.execute-api.${region}.${suffix}/prod`;
  if (type === 'aws:ec2/launchTemplate:LaunchTemplate') outputs.latestVersion = 1;
  return outputs;
}

function invokeResult(token: string, args: Record<string, unknown>, region: string): Record<string, unknown> {
  const china = region.startsWith('cn-');
  switch (token) {
    case 'aws:index/getPartition:getPartition':
      return china
        ? { partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', id: 'aws-cn' }
        : { partition: 'aws', dnsSuffix: 'amazonaws.com', id: 'aws' };
    case 'aws:index/getRegion:getRegion':
      return { name: region, region, id: region };
    case 'aws:index/getAvailabilityZones:getAvailabilityZones':
      return { names: ['a', 'b', 'c'].map((zone) => `${region}${zone}`), state: 'available', id: region };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        accountId: '123456789012',
        arn: 'arn:aws:iam::123456789012:user/test',
        userId: 'test',
        id: 'x',
      };
    case 'aws:ssm/getParameter:getParameter':
      // The provider's schema marks `value` sensitive, so the engine hands it back as a secret.
      return {
        id: String(args.name),
        name: args.name,
        type: 'String',
        value: { [SIG_KEY]: SECRET_SIG, value: 'ami-0123456789abcdef0' },
        insecureValue: 'ami-0123456789abcdef0',
      };
    default:
      return {};
  }
}

/**
 * Runs `src/index.ts` as the language host would, once, as a preview (`dryRun`) or an update, with the
 * stack's config (`Pulumi.<stack>.yaml`'s `config:`, as strings) plus `config`; `secretKeys` are the
 * keys the CLI would mark secret. `env` is added to the program's environment.
 */
export async function runProgram(options: {
  stack: string;
  dryRun: boolean;
  config: Record<string, string>;
  secretKeys?: string[];
  env?: Record<string, string>;
}): Promise<ProgramRun> {
  const { stack, dryRun } = options;
  const runtime = projectRuntime();
  const region = options.config['aws:region'] ?? 'us-east-1';
  const registrations: Registration[] = [];
  const invokes: ProgramRun['invokes'] = [];
  const logs: ProgramRun['logs'] = [];
  let stackOutputs: Record<string, unknown> = {};
  let rootUrn = '';
  const severityName = Object.fromEntries(
    Object.entries(engineProto.LogSeverity).map(([name, value]) => [value, name.toLowerCase()]),
  );

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 400 * 1024 * 1024 });
  server.addService(resourceRpc.ResourceMonitorService, {
    supportsFeature: (call, callback) => {
      const response = new resourceProto.SupportsFeatureResponse!();
      response.setHassupport(FEATURES.has(call.request.getId()));
      callback(null, response);
    },
    invoke: (call, callback) => {
      const token = call.request.getTok() as string;
      const args = (call.request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
      invokes.push({ token, args });
      const response = new providerProto.InvokeResponse!();
      response.setReturn(Struct.fromJavaScript(invokeResult(token, args, region)));
      callback(null, response);
    },
    registerResource: (call, callback) => {
      const request = call.request;
      const type = request.getType() as string;
      const name = request.getName() as string;
      const parent = request.getParent() as string;
      const inputs = (request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
      const urn = urnOf(stack, runtime.name, type, name, parent);
      const custom = request.getCustom() as boolean;
      registrations.push({ type, name, urn, custom, parent, inputs });
      const response = new resourceProto.RegisterResourceResponse!();
      response.setUrn(urn);
      if (custom && !dryRun) {
        const id = `${name}-id`;
        response.setId(id);
        // Auto-named resources get the physical name the provider would give them.
        const outputs = { name: `${name}-0a1b2c3`, ...inputs, ...computedOutputs(type, name, id, region) };
        response.setObject(Struct.fromJavaScript(outputs));
      } else {
        // A preview of a create: no id, the inputs back, every computed output left out (unknown).
        response.setObject(Struct.fromJavaScript(custom ? inputs : {}));
      }
      callback(null, response);
    },
    registerResourceOutputs: (call, callback) => {
      if (call.request.getUrn() === rootUrn) {
        stackOutputs = (call.request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
      }
      callback(null, new Empty());
    },
  });
  server.addService(engineRpc.EngineService, {
    log: (call, callback) => {
      logs.push({
        severity: severityName[call.request.getSeverity()] ?? 'info',
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      callback(null, new Empty());
    },
    getRootResource: (_call, callback) => {
      const response = new engineProto.GetRootResourceResponse!();
      response.setUrn(rootUrn);
      callback(null, response);
    },
    setRootResource: (call, callback) => {
      rootUrn = call.request.getUrn();
      callback(null, new engineProto.SetRootResourceResponse!());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const address = `127.0.0.1:${port}`;

  // getPwdMain (pkg/engine/project.go): with `main` a file, pwd is its folder and the entry point its name.
  const mainPath = join(PROJECT_DIR, runtime.main);
  const args = [
    ...runtime.nodeargs,
    projectRequire.resolve('@pulumi/pulumi/cmd/run'),
    '--monitor',
    address,
    '--engine',
    address,
    '--project',
    runtime.name,
    '--root-directory',
    PROJECT_DIR,
    '--stack',
    stack,
    '--pwd',
    dirname(mainPath),
    ...(dryRun ? ['--dry-run'] : []),
    '--parallel',
    '48',
    basename(mainPath),
  ];
  try {
    const child = spawn(process.execPath, args, {
      cwd: dirname(mainPath),
      env: {
        ...process.env,
        ...options.env,
        PULUMI_CONFIG: JSON.stringify(options.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { exitCode, stdout, stderr, registrations, invokes, stackOutputs, logs };
  } finally {
    server.forceShutdown();
  }
}

/** True for a value in its wire form as a secret. */
export function isSecret(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Whether any value below `value` is the unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
