import 'dotenv/config';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { API_KEY_ROLES, ApiKeyStore } from '../../services/auth/apiKeys';
import { openDatabase } from '../../services/store/openDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { ConfigError, loadConfig } from '../config';
import { AgentStore, newAgentSchema } from '../../services/handoff/agents';

const USAGE = `usage:
  npm run keys -- create --role admin|agent [--label "who it is for"]
  npm run keys -- create --role agent --name "Lucía Pérez" [--zone Europe/Madrid] [--languages es,en] [--team ventas] [--teams-id <AAD object id>]
      (with --name: the agent is created too, and the key speaks for them in the console and the agent API)
  npm run keys -- list
  npm run keys -- revoke <keyId>

Uses MONGODB_URI, or the embedded database in DATA_DIR (run it while the bot is stopped).`;

/** The agent's fields as the command line names them. */
const OPTION_OF: Record<string, string> = { timeZone: 'zone', teamsUserId: 'teams-id' };

const createOptions = z.object({
  role: z.enum(API_KEY_ROLES, { message: `--role: expected ${API_KEY_ROLES.join(' or ')}` }),
  label: z.string().trim().min(1).max(120).default('created from the command line'),
});

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      label: { type: 'string' },
      name: { type: 'string' },
      zone: { type: 'string' },
      languages: { type: 'string' },
      team: { type: 'string' },
      'teams-id': { type: 'string' },
    },
  });
  const [command, argument] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const opened = await openDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    engine: config.EMBEDDED_DB,
    dataDir: config.DATA_DIR,
    projectRoot: findProjectRoot(),
  });
  const database = opened.database;
  try {
    const keys = new ApiKeyStore(database.apiKeys);
    if (command === 'create') {
      const options = createOptions.safeParse(values);
      if (!options.success) {
        process.stderr.write(`${options.error.issues.map((i) => i.message).join('\n')}\n${USAGE}\n`);
        return 2;
      }
      let agentId: string | undefined;
      if (values.name !== undefined) {
        const agent = newAgentSchema.safeParse({
          name: values.name,
          timeZone: values.zone ?? config.AGENT_DEFAULT_TIME_ZONE,
          languages: (values.languages ?? 'es').split(',').map((language) => language.trim()),
          team: values.team ?? config.DEFAULT_RULE_SET_ID,
          teamsUserId: values['teams-id'] ?? null,
        });
        if (options.data.role !== 'agent' || !agent.success) {
          const problems = agent.success
            ? ['--name: only agent keys have an agent']
            : agent.error.issues.map((i) => `--${OPTION_OF[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
          process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
          return 2;
        }
        const created = await new AgentStore(database.collection('agents')).create(agent.data);
        agentId = created._id;
        process.stdout.write(
          `agent ${created.name} (${created.timeZone}, ${created.languages.join('/')}, team ${created.team}) created: ${created._id}\n`,
        );
      }
      const issued = await keys.create(
        options.data.role,
        values.name ? `agent ${values.name}` : options.data.label,
        agentId ? { agentId } : {},
      );
      process.stdout.write(`${issued.role} key ${issued.keyId} created. The key is shown only once:\n${issued.key}\n`);
    } else if (command === 'list') {
      for (const key of await keys.list()) {
        process.stdout.write(
          `${key.keyId}  ${key.role.padEnd(5)}  ${key.createdAt.toISOString()}  ${key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active'}  ${key.label}\n`,
        );
      }
    } else {
      if (!argument) {
        process.stderr.write(`revoke needs the key id\n${USAGE}\n`);
        return 2;
      }
      const revoked = await keys.revoke(argument);
      process.stdout.write(revoked ? `key ${argument} revoked\n` : `no active key ${argument}\n`);
      return revoked ? 0 : 1;
    }
    return 0;
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof TypeError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
