import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './retry.examples.ts';

pinChecks(examples);
