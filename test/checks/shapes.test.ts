import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './shapes.examples.ts';

pinChecks(examples);
