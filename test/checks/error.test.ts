import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './error.examples.ts';

pinChecks(examples);
