// End-to-end test of the consumer's dashboard in headless Chromium (Debian's, driven by
// playwright-core): the page shows the live table and chart, a cheaper price posted to
// the producer shows in the table within 2 s, and the page fits a phone-width window.
//
//   node dashboard.mjs --consumer http://127.0.0.1:8080 --producer http://127.0.0.1:8081 \
//        [--screenshot ../target/dashboard.png] [--chromium /usr/bin/chromium]
//
// Exits 0 when every check passed; otherwise prints what failed and exits 1.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
	options: {
		consumer: { type: 'string' },
		producer: { type: 'string' },
		screenshot: { type: 'string', default: resolve(here, '../target/dashboard.png') },
		chromium: { type: 'string', default: '/usr/bin/chromium' },
	},
});
if (!args.consumer || !args.producer) {
	console.error('usage: node dashboard.mjs --consumer URL --producer URL [--screenshot FILE] [--chromium PATH]');
	process.exit(2);
}
const VISIBLE_WITHIN_MS = 2000;

function check(condition, message) {
	if (!condition) {
		throw new Error(message);
	}
}

const log = (message) => console.log('dashboard: ' + message);

// playwright's launch() gives every run a fresh, empty temporary profile; the flags keep
// Chromium off the network this machine does not have (and off the GPU it has neither)
const browser = await chromium.launch({
	executablePath: args.chromium,
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
	const problems = [];
	const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
	const page = await context.newPage();
	page.on('pageerror', (error) => problems.push('page error: ' + error.message));
	page.on('console', (message) => message.type() === 'error' && problems.push('console: ' + message.text()));
	page.on('requestfailed', (request) => {
		// the stream is cut when the page closes; anything else failing is a bug
		if (!request.url().endsWith('/stream')) {
			problems.push('request failed: ' + request.url() + ' ' + request.failure()?.errorText);
		}
	});
	page.on('response', (response) => response.status() >= 400 && problems.push(response.status() + ' ' + response.url()));

	await page.goto(args.consumer + '/', { waitUntil: 'load' });
	await page.locator('#candies tbody tr').first().waitFor({ timeout: 15000 });
	await page.locator('#status[data-state="live"]').waitFor({ timeout: 5000 });
	const candies = await page.locator('#candies tbody tr').count();
	log(`${candies} candies in the table`);
	await page.locator('#chart canvas').first().waitFor({ timeout: 10000 });

	// a candy that something cheaper can be posted for, chosen with a click so that the
	// chart shows it (the last one: the first is selected when the page opens)
	const store = 'CornerShop';
	const choices = await page.locator('#candies tbody tr').evaluateAll((trs, store) => trs
		.filter((tr) => Number(tr.querySelector('.price').dataset.value) >= 0.02
			&& tr.querySelector('.store').textContent !== store)
		.map((tr) => tr.dataset.candy), store);
	check(choices.length > 0, 'no candy to post a cheaper price for');
	const candy = choices[choices.length - 1];
	const row = page.locator(`#candies tbody tr[data-candy="${candy}"]`);
	await row.locator('button.pick').click();
	await page.locator(`#candies tbody tr[aria-current="true"][data-candy="${candy}"]`).waitFor({ timeout: 2000 });
	await page.locator('#chart-title', { hasText: candy }).waitFor({ timeout: 2000 });
	await page.locator('#chart canvas').first().waitFor({ timeout: 10000 });
	const before = Number(await row.locator('.price').getAttribute('data-value'));
	const price = Math.max(0.01, Math.floor(before * 50) / 100);

	const started = performance.now();
	const response = await fetch(args.producer + '/prices', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ candy_id: candy, store_id: store, price }),
	});
	check(response.status === 202, `POST /prices answered ${response.status}: ${await response.text()}`);
	try {
		await page.waitForFunction(({ candy, store, price }) => {
			const tr = document.querySelector(`#candies tbody tr[data-candy="${candy}"]`);
			return tr && Number(tr.querySelector('.price').dataset.value) === price
				&& tr.querySelector('.store').textContent === store;
		}, { candy, store, price }, { timeout: VISIBLE_WITHIN_MS, polling: 'raf' });
	}
	catch (error) {
		throw new Error(`${candy} at ${price} (${store}) was not in the table within ${VISIBLE_WITHIN_MS} ms`);
	}
	const elapsed = Math.round(performance.now() - started);
	log(`${candy} at ${price} from ${store} visible ${elapsed} ms after the POST was sent (limit ${VISIBLE_WITHIN_MS} ms)`);
	const change = await row.locator('.change').textContent();
	check(change.startsWith('▼'), `the change column shows "${change}", not a fall`);

	// the chart picks up the new store's price too
	await page.waitForFunction((store) => [...document.querySelectorAll('#chart .u-legend .u-series th')]
		.some((th) => th.textContent.includes(store)), store, { timeout: 5000 });
	log('the chart shows the new store');

	// let the chart move a little before the picture
	await page.waitForTimeout(1500);
	mkdirSync(dirname(args.screenshot), { recursive: true });
	await page.screenshot({ path: args.screenshot, fullPage: true });
	log('screenshot ' + args.screenshot);

	// a phone-width window: no sideways scrolling of the page, table and chart in view
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const narrow = await phone.newPage();
	narrow.on('pageerror', (error) => problems.push('page error (narrow): ' + error.message));
	await narrow.goto(args.consumer + '/', { waitUntil: 'load' });
	await narrow.locator('#candies tbody tr').first().waitFor({ timeout: 15000 });
	await narrow.locator('#chart canvas').first().waitFor({ timeout: 10000 });
	const fit = await narrow.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		window: window.innerWidth,
		chart: document.querySelector('#chart canvas').getBoundingClientRect().right,
	}));
	check(fit.page <= fit.window, `the page is ${fit.page} px wide in a ${fit.window} px window`);
	check(fit.chart <= fit.window, `the chart reaches ${fit.chart} px in a ${fit.window} px window`);
	const narrowShot = args.screenshot.replace(/\.png$/, '') + '-narrow.png';
	await narrow.screenshot({ path: narrowShot, fullPage: true });
	log(`fits a ${fit.window} px window; screenshot ${narrowShot}`);

	check(problems.length === 0, 'the page had problems:\n  ' + problems.join('\n  '));
	log('passed');
}
catch (error) {
	console.error('dashboard: FAILED: ' + error.message);
	process.exitCode = 1;
}
finally {
	await browser.close();
}
