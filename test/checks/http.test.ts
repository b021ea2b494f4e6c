import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './http.examples.ts';

pinChecks(examples);
