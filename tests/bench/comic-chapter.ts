import { createServer } from 'node:http';
import { encodePng } from '../fake-dashscope/png';

/**
 * A comic chapter as readers meet it: pages stacked down one long page, each an 800×1200 picture of panels with
 * speech bubbles holding lines of word-like marks (generated, one different picture per page). Served under a
 * public-looking name (comic.example, mapped to loopback for Chromium and for the fake service, which downloads the
 * pages by address as the real one does).
 */

export const PAGE_WIDTH = 800;
export const PAGE_HEIGHT = 1200;

/** A small deterministic generator, so that every run draws the same chapter. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Page `n` of the chapter as a PNG: three panels, each with a bubble or two of "text". */
export function comicPagePng(n: number): Buffer {
  const pixels = new Uint8Array(PAGE_WIDTH * PAGE_HEIGHT * 4).fill(255);
  const fill = (x: number, y: number, w: number, h: number, grey: number) => {
    for (let row = Math.max(0, y); row < Math.min(PAGE_HEIGHT, y + h); row++) {
      const from = (row * PAGE_WIDTH + Math.max(0, x)) * 4;
      const to = (row * PAGE_WIDTH + Math.min(PAGE_WIDTH, x + w)) * 4;
      for (let i = from; i < to; i += 4) pixels[i] = pixels[i + 1] = pixels[i + 2] = grey;
    }
  };
  const random = seeded(n);
  const margin = 24;
  const panelHeight = Math.floor((PAGE_HEIGHT - 4 * margin) / 3);
  for (let panel = 0; panel < 3; panel++) {
    const top = margin + panel * (panelHeight + margin);
    const width = PAGE_WIDTH - 2 * margin;
    fill(margin, top, width, panelHeight, 20);
    fill(margin + 4, top + 4, width - 8, panelHeight - 8, 200 + Math.floor(random() * 50));
    // Some "art": a few grey shapes.
    for (let s = 0; s < 4; s++)
      fill(
        margin + Math.floor(random() * (width - 200)),
        top + Math.floor(random() * (panelHeight - 120)),
        80 + Math.floor(random() * 120),
        40 + Math.floor(random() * 80),
        90 + Math.floor(random() * 80),
      );
    // Bubbles: white boxes with a dark rim, lines of word-sized marks inside.
    for (let b = 0; b < 1 + Math.floor(random() * 2); b++) {
      const bw = 220 + Math.floor(random() * 120);
      const bh = 110 + Math.floor(random() * 60);
      const bx = margin + 20 + Math.floor(random() * (width - bw - 40));
      const by = top + 20 + Math.floor(random() * (panelHeight - bh - 40));
      fill(bx, by, bw, bh, 30);
      fill(bx + 3, by + 3, bw - 6, bh - 6, 255);
      for (let line = by + 18; line + 14 < by + bh - 12; line += 24) {
        for (let x = bx + 16; ;) {
          const word = 10 + Math.floor(random() * 34);
          if (x + word > bx + bw - 16) break;
          fill(x, line, word, 14, 10);
          x += word + 8;
        }
      }
    }
  }
  return encodePng(PAGE_WIDTH, PAGE_HEIGHT, pixels);
}

export function chapterHtml(pages: number): string {
  const images = Array.from(
    { length: pages },
    (_, i) => `<img id="p${i + 1}" src="/pages/${i + 1}.png" width="${PAGE_WIDTH}" height="${PAGE_HEIGHT}" alt="Page ${i + 1}" />`,
  ).join('\n');
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8" /><title>Chapter 1</title>
<style>body { margin: 0; background: #333; } img { display: block; margin: 0 auto; }</style></head>
<body>
${images}
</body>
</html>`;
}

export interface ChapterServer {
  /** The chapter's address. */
  url: string;
  /** The site's host name, as a reader would type it in the extension's options. */
  host: string;
  close(): Promise<void>;
}

/** Serves `/chapter.html` and its pages (drawn once, before the server answers). */
export async function startChapterServer(pages: number): Promise<ChapterServer> {
  const pngs = Array.from({ length: pages }, (_, i) => comicPagePng(i + 1));
  const html = chapterHtml(pages);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const page = /^\/pages\/(\d+)\.png$/.exec(path);
    const png = page ? pngs[Number(page[1]) - 1] : undefined;
    if (png) return void response.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }).end(png);
    if (path === '/chapter.html') return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = 'comic.example';
  return {
    url: `http://${host}:${port}/chapter.html`,
    host,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
