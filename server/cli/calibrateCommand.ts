/** `waymark calibrate`: the calibration core's input errors become the command's path-named input errors. */
import { calibrate, type CalibrationInput } from '../irt/calibration/calibrate';
import { CalibrationInputError } from '../irt/calibration/responseData';
import { InputError } from './commandInput';

export function runCalibrate(input: unknown): unknown {
  try {
    // calibrate validates its whole input itself and throws CalibrationInputError naming the path.
    return calibrate(input as CalibrationInput);
  } catch (error) {
    if (error instanceof CalibrationInputError) {
      const message = error.path && error.message.startsWith(`${error.path}: `) ? error.message.slice(error.path.length + 2) : error.message;
      throw new InputError('invalid input', [{ path: error.path, message }]);
    }
    throw error;
  }
}
