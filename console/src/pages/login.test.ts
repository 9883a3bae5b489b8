import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { loginErrorText } from './login.js';
import { fieldErrors } from '../lib/errors.js';

describe('login and error messages', () => {
  it('says why a login failed by the server\'s code', () => {
    expect(loginErrorText(new ApiError(401, 'INVALID_CREDENTIALS', 'x'))).toBe('账号或密码错误。');
    expect(loginErrorText(new ApiError(403, 'ACCOUNT_LOCKED', 'x'))).toContain('锁定');
    expect(loginErrorText(new ApiError(403, 'ACCOUNT_DISABLED', 'x'))).toContain('禁用');
  });
  it('pins validation details to the fields they name', () => {
    const e = new ApiError(400, 'VALIDATION', 'bad', [{ path: '/phone', message: 'must match pattern' }, { path: '/fields/age', message: 'must be number' }]);
    expect(fieldErrors(e)).toEqual({ phone: 'must match pattern', fields: 'must be number' });
  });
});
