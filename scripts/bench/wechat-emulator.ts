/**
 * The WeChat emulator in a process of its own, for the outbox bench: WeChat's servers are not on the server's
 * machine, so they should not share its event loop either. Options come in argv (JSON), the URL goes back over
 * IPC; the bench drives it through its HTTP control API (/__control/…). Exits when the parent disconnects.
 */
import { startWeChatEmulator, type WeChatEmulatorOptions } from '../../server/src/emulators/wechat/index.js';

if (process.send && process.argv[2]) {
  const emulator = await startWeChatEmulator(JSON.parse(process.argv[2]) as WeChatEmulatorOptions);
  process.send({ url: emulator.url });
  process.on('disconnect', () => void emulator.close().finally(() => process.exit(0)));
}
