// `npm run bench -- community`: the issue 6 figures, one bench after another (each prints its own JSON lines):
// community-shortlink (the short-link redirect under autocannon beside the bare route, clicks recorded),
// community-livecode (200 concurrent live-code scans → routed answer), community-chat (one message to
// 1,000 connected members) and community-linkstats (a link's stats on 1,000,000 clicks). Run one alone
// with `npm run bench -- community-<part>`.
import { runParts } from "./support/run-parts.js";

runParts(["community-shortlink", "community-livecode", "community-chat", "community-linkstats"]);
