import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './framing.examples.ts';

pinChecks(examples);
