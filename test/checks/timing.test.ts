import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './timing.examples.ts';

pinChecks(examples);
