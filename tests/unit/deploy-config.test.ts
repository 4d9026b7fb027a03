import { readdirSync } from 'fs';
import { join } from 'path';
import { checkDeployConfig, openapiCalls, readFunctionConfig, readRc } from '../../scripts/deploy-config';
import { functionNames, OUT_DIR } from '../../scripts/build-functions';

describe('deployment configuration', () => {
  it('keeps each function timeout and memory the same in config.json (local cloud) and cloudbaserc.json (CloudBase)', () => {
    for (const fn of readRc().functions) {
      const config = readFunctionConfig(fn.name);
      if (config.timeout !== undefined) expect([fn.name, fn.timeout]).toEqual([fn.name, config.timeout]);
      if (config.memorySize !== undefined) expect([fn.name, fn.memorySize]).toEqual([fn.name, config.memorySize]);
    }
  });

  it('lists every function in cloudbaserc.json with matching triggers and declared openapi permissions', () => {
    expect(checkDeployConfig()).toEqual([]);
  });

  it('lists exactly the folders of cloudfunctions/', () => {
    expect(
      readRc()
        .functions.map((f) => f.name)
        .sort(),
    ).toEqual(functionNames());
  });

  it('finds openapi calls in a bundle, so an undeclared call cannot slip through', () => {
    const bundle = 'await cloud.openapi.security.msgSecCheck({}); x = cloud.openapi . subscribeMessage.send({})';
    expect(openapiCalls(bundle)).toEqual(['security.msgSecCheck', 'subscribeMessage.send']);
  });

  it('leaves no TypeScript source beside a built index.js', () => {
    for (const name of functionNames()) {
      const files = readdirSync(join(OUT_DIR, name));
      expect(files).toContain('index.js');
      expect(files).toContain('package.json');
      expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    }
  });
});
