import type { JobDefinition } from "./job-types.js";

const definitions = new Map<string, JobDefinition<never>>();

/** Declares a job kind; the module that owns the work defines it, the runner finds it by name. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  definitions.set(definition.name, definition as JobDefinition<never>);
  return definition;
}

export function findJobDefinition(name: string): JobDefinition<Record<string, unknown>> | undefined {
  return definitions.get(name) as JobDefinition<Record<string, unknown>> | undefined;
}
