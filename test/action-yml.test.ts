// action.yml as GitHub reads it, and the example workflow that uses it: a typo in an input name or a
// step without a shell only shows on GitHub otherwise. (package-install.test.ts runs the action's
// script; this checks the YAML around it.)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../harness/package/package-root.ts';
import { nonEmpty } from './helpers/non-empty.ts';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}
interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface Action {
  name?: string;
  description?: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value?: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}

const read = async (file: string) => parse(await readFile(path.join(PACKAGE_ROOT, file), 'utf8'), { prettyErrors: true });
/** `${{ inputs.x }}`-style references in a text. */
const references = (text: string, scope: string) => [...text.matchAll(new RegExp(`\\b${scope}\\.([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]!);

describe('action.yml', () => {
  it('is a composite action whose every run step names its shell and whose every inputs.X reference is declared', async () => {
    const action = (await read('action.yml')) as Action;
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.length).toBeGreaterThan(0);
    for (const step of action.runs.steps) {
      // GitHub refuses a composite `run` step without `shell`.
      if (step.run !== undefined) expect(step.shell, step.run).toBeTruthy();
      else expect(step.uses, JSON.stringify(step)).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
    const text = await readFile(path.join(PACKAGE_ROOT, 'action.yml'), 'utf8');
    expect(references(text, 'inputs').filter((name) => !(name in action.inputs))).toEqual([]);
    for (const [name, input] of nonEmpty(Object.entries(action.inputs), 'action inputs')) {
      expect(input.description, name).toBeTruthy();
      // A required input with a default is never missing: GitHub would not tell the user.
      if (input.required) expect(input.default, name).toBeUndefined();
    }
    const stepIds = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const output of Object.values(action.outputs)) for (const id of references(output.value ?? '', 'steps')) expect(stepIds).toContain(id);
  });
});

describe('examples/github-actions.yml', () => {
  it('uses the action with declared inputs only, every required one given, and reads outputs it declares', async () => {
    const action = (await read('action.yml')) as Action;
    const workflow = (await read('examples/github-actions.yml')) as Workflow;
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
    const uses = steps.filter((s) => /\/relaycheck@/.test(s.uses ?? ''));
    expect(uses).toHaveLength(1);
    const given = Object.keys(uses[0]!.with ?? {});
    expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
    for (const [name, input] of Object.entries(action.inputs)) if (input.required) expect(given).toContain(name);
    const text = await readFile(path.join(PACKAGE_ROOT, 'examples', 'github-actions.yml'), 'utf8');
    const outputs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].filter((m) => m[1] === uses[0]!.id).map((m) => m[2]!);
    expect(outputs.filter((name) => !(name in action.outputs))).toEqual([]);
  });

  it('and the fleet example are workflows GitHub can parse, every step a run or a uses', async () => {
    for (const file of ['examples/github-actions.yml', 'examples/github-actions-fleet.yml']) {
      const workflow = (await read(file)) as Workflow;
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
      expect(steps.length, file).toBeGreaterThan(0);
      for (const step of steps) expect(Boolean(step.run) !== Boolean(step.uses), `${file}: ${JSON.stringify(step)}`).toBe(true);
    }
  });
});
