import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './codex-acceptance.examples.ts';

pinChecks(examples);
