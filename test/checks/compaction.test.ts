import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './compaction.examples.ts';

pinChecks(examples);
