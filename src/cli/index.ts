import { Command, Option } from "commander";
import { env } from "@/server/lib/env";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { createServices, type Services } from "@/server/services";
import { runCreateApiKey } from "./commands/create-api-key";
import { runCreateUser } from "./commands/create-user";
import { runMigrate } from "./commands/migrate";
import { runRotateEncryptionKey } from "./commands/rotate-encryption-key";
import { runSeedDemo } from "./commands/seed-demo";
import { describeExpectedError } from "./errors";

function print(lines: string[]): void {
  for (const line of lines) console.log(line);
}

async function withServices(action: (services: Services) => Promise<string[]>): Promise<void> {
  const services = createServices(env(), { dbPoolSize: 2 });
  try {
    print(await action(services));
  } finally {
    await services.close();
  }
}

const program = new Command()
  .name("emailops")
  .description("EmailOps operations: database migrations, demo data, users, API keys and key rotation.")
  .showHelpAfterError();

program
  .command("migrate")
  .description("Create the system database when it is missing and apply all migrations.")
  .action(async () => print(await runMigrate(env().DATABASE_URL)));

program
  .command("seed-demo")
  .description("Create the demo workspace (demo customers, demo data connector, admin login, dev inbox, sender profile); safe to re-run.")
  .action(() => withServices(runSeedDemo));

program
  .command("create-user")
  .description("Create a user who signs in with email and password.")
  .requiredOption("--email <email>", "sign-in email")
  .requiredOption("--password <password>", "at least 10 characters")
  .addOption(new Option("--role <role>", "what the user may do").choices(["admin", "member"]).makeOptionMandatory())
  .option("--name <name>", "display name")
  .action((options: { email: string; password: string; role: "admin" | "member"; name?: string }) =>
    withServices((services) => runCreateUser(services, options)),
  );

program
  .command("create-api-key")
  .description("Create an API key for the REST API; the key is printed once, on the last line.")
  .requiredOption("--name <name>", "what the key is for, e.g. the integration using it")
  .action((options: { name: string }) => withServices((services) => runCreateApiKey(services, options.name)));

program
  .command("rotate-encryption-key")
  .description("Re-encrypt connector configs sealed with a secret listed in ENCRYPTION_PREVIOUS_SECRETS under ENCRYPTION_SECRET.")
  .action(() => withServices(runRotateEncryptionKey));

loadEnvFile();
program.parseAsync().catch((error: unknown) => {
  const message = describeExpectedError(error);
  console.error(message ?? error);
  process.exitCode = 1;
});
