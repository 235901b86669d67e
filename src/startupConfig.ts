import dotenv from 'dotenv';

/** What a config reader returns: the config, or every problem it found in the environment. */
export type ConfigReading<C> = { ok: true; config: C } | { ok: false; problems: string[] };

/**
 * Every process's first step (npm start, start:shards, the REST proxy): .env into process.env,
 * then `read` over it. With problems it lists them all and exits 1, before there is a logger.
 */
export function configOrExit<C>(read: (env: NodeJS.ProcessEnv) => ConfigReading<C>, name = 'configuration'): C {
  dotenv.config({ quiet: true });
  const reading = read(process.env);
  if (!reading.ok) {
    console.error(`The ${name} has problems (see .env.example):`);
    for (const p of reading.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  return reading.config;
}
