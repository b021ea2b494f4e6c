import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './tool-call.examples.ts';

pinChecks(examples);
