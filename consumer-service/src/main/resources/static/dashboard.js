// The CandyFlow dashboard: the table follows GET /stream (Server-Sent Events: a snapshot,
// then the candies that changed, at most a few events a second); the chart shows the
// selected candy's recent history from GET /history and fetches what is new whenever that
// candy changes.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const WINDOW_SECONDS = 300;
const PAGE = 10000;
const RETRY_MILLIS = 5000;

const collator = new Intl.Collator(undefined, { numeric: true });
const priceFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const statusLine = document.getElementById('status');
const tbody = document.querySelector('#candies tbody');
const empty = document.getElementById('empty');
const chartBox = document.getElementById('chart');
const chartTitle = document.getElementById('chart-title');
const chartNote = document.getElementById('chart-note');

/** candy id -> its table row */
const rows = new Map();
let selected = decodeURIComponent(location.hash.slice(1)) || null;

function status(state, text) {
	statusLine.dataset.state = state;
	statusLine.textContent = text;
}

// ---- the table

function cell(tag, className) {
	const element = document.createElement(tag);
	if (className) {
		element.className = className;
	}
	return element;
}

function newRow(candy) {
	const tr = document.createElement('tr');
	tr.dataset.candy = candy;
	const th = cell('th');
	th.scope = 'row';
	const button = cell('button', 'pick');
	button.type = 'button';
	button.textContent = candy;
	button.addEventListener('click', () => select(candy));
	th.append(button);
	tr.append(th, cell('td', 'store'), cell('td', 'num price'), cell('td', 'num change'), cell('td', 'num stores'));
	// keep the rows in natural candy order (Candy2 before Candy10)
	const next = [...rows.keys()].sort(collator.compare).find((other) => collator.compare(other, candy) > 0);
	tbody.insertBefore(tr, next ? rows.get(next) : null);
	rows.set(candy, tr);
	return tr;
}

function showChange(td, change) {
	td.classList.remove('up', 'down');
	if (change === undefined || change === null || Number(change) === 0) {
		td.textContent = '–';
		td.removeAttribute('aria-label');
		return;
	}
	const down = Number(change) < 0;
	td.classList.add(down ? 'down' : 'up');
	const amount = priceFormat.format(Math.abs(Number(change)));
	td.textContent = (down ? '▼ ' : '▲ ') + amount;
	td.setAttribute('aria-label', (down ? 'down ' : 'up ') + amount);
}

function apply(candies, replace) {
	if (replace) {
		for (const candy of rows.keys()) {
			if (!candies.some((row) => row.candy_id === candy)) {
				rows.get(candy).remove();
				rows.delete(candy);
			}
		}
	}
	for (const row of candies) {
		const tr = rows.get(row.candy_id) || newRow(row.candy_id);
		const price = tr.querySelector('.price');
		const text = priceFormat.format(Number(row.price));
		if (price.textContent && price.textContent !== text) {
			// restart the flash animation
			tr.classList.remove('changed');
			void tr.offsetWidth;
			tr.classList.add('changed');
		}
		price.textContent = text;
		price.dataset.value = String(row.price);
		tr.querySelector('.store').textContent = row.cheapest_store;
		tr.querySelector('.stores').textContent = row.stores;
		showChange(tr.querySelector('.change'), row.change);
	}
	empty.hidden = rows.size > 0;
	markSelected();
	if (rows.size > 0 && !rows.has(selected)) {
		select([...rows.keys()].sort(collator.compare)[0]);
	}
	else if (selected && chart.candy !== selected) {
		select(selected);
	}
	else if (candies.some((row) => row.candy_id === selected)) {
		chart.refresh();
	}
}

function markSelected() {
	for (const [candy, tr] of rows) {
		if (candy === selected) {
			tr.setAttribute('aria-current', 'true');
		}
		else {
			tr.removeAttribute('aria-current');
		}
		tr.querySelector('.pick').setAttribute('aria-pressed', String(candy === selected));
	}
}

function select(candy) {
	selected = candy;
	markSelected();
	if (chart.candy !== candy) {
		window.history.replaceState(null, '', '#' + encodeURIComponent(candy));
		chart.load(candy);
	}
}

// ---- the chart

const chart = {
	candy: null,
	/** points of the selected candy: {t, store, price}, in event-time order */
	points: [],
	/** a fetch is under way; `again` asks for another one after it */
	busy: false,
	again: false,
	plot: null,
	generation: 0,

	async load(candy) {
		this.candy = candy;
		this.points = [];
		this.generation++;
		const generation = this.generation;
		chartTitle.textContent = 'Price history of ' + candy;
		chartNote.textContent = 'Loading…';
		try {
			// the window ends at the candy's newest offer, so old demo data shows too
			const offers = await json('/offers?candy_id=' + encodeURIComponent(candy) + '&limit=' + PAGE);
			const newest = Math.max(...offers.map((offer) => Number(offer.timestamp)));
			await this.fetchFrom(newest - WINDOW_SECONDS, generation);
		}
		catch (error) {
			chartNote.textContent = 'Could not load the history: ' + error.message;
		}
	},

	refresh() {
		if (this.candy !== selected || this.points.length === 0) {
			return;
		}
		if (this.busy) {
			this.again = true;
			return;
		}
		const last = this.points[this.points.length - 1].t;
		this.fetchFrom(last, this.generation).catch(() => {
			// the next change tries again
		});
	},

	async fetchFrom(from, generation) {
		this.busy = true;
		try {
			// `from` is inclusive: skip the points at `from` we have already
			let known = this.points.filter((point) => point.t === from).length;
			for (let page = 0; page < 5; page++) {
				const updates = await json('/history?candy_id=' + encodeURIComponent(this.candy) + '&from=' + from
					+ '&limit=' + PAGE);
				if (generation !== this.generation) {
					return;
				}
				for (const update of updates) {
					const t = Number(update.timestamp);
					if (t === from && known > 0) {
						known--;
						continue;
					}
					this.points.push({ t, store: update.store_id, price: Number(update.price) });
				}
				if (updates.length < PAGE) {
					break;
				}
				from = Number(updates[updates.length - 1].timestamp);
				known = this.points.filter((point) => point.t === from).length;
			}
			const newest = this.points.length ? this.points[this.points.length - 1].t : 0;
			const oldest = newest - WINDOW_SECONDS;
			let drop = 0;
			while (drop < this.points.length && this.points[drop].t < oldest) {
				drop++;
			}
			this.points.splice(0, drop);
			this.draw();
		}
		finally {
			this.busy = false;
			if (this.again) {
				this.again = false;
				this.refresh();
			}
		}
	},

	draw() {
		const stores = [...new Set(this.points.map((point) => point.store))].sort(collator.compare);
		const times = [...new Set(this.points.map((point) => point.t))];
		const column = new Map(times.map((t, i) => [t, i]));
		const series = stores.map(() => new Array(times.length).fill(null));
		const row = new Map(stores.map((store, i) => [store, i]));
		for (const point of this.points) {
			series[row.get(point.store)][column.get(point.t)] = point.price;
		}
		// carry each store's last price to the right edge: it is still its price now
		for (const values of series) {
			let last = null;
			for (const value of values) {
				last = value ?? last;
			}
			if (values.length) {
				values[values.length - 1] ??= last;
			}
		}
		chartNote.textContent = this.points.length
			? `${stores.length} stores, last ${WINDOW_SECONDS / 60} minutes of event time, up to `
				+ timeFormat.format(new Date(times[times.length - 1] * 1000))
			: 'No history in the last ' + WINDOW_SECONDS / 60 + ' minutes.';
		const data = [times, ...series];
		const key = stores.join('\n');
		if (this.plot && this.plot.storeKey === key) {
			this.plot.setData(data);
			return;
		}
		this.plot?.destroy();
		this.plot = new uPlot(options(stores), data, chartBox);
		this.plot.storeKey = key;
	},
};

function color(i) {
	// well-spread hues that read on white
	return `hsl(${(i * 137.508) % 360}, 62%, 44%)`;
}

function size() {
	const width = Math.max(chartBox.clientWidth, 240);
	return { width, height: width < 500 ? 220 : 320 };
}

function options(stores) {
	const stepped = uPlot.paths.stepped({ align: 1 });
	return {
		...size(),
		scales: { x: { time: true } },
		axes: [
			{ stroke: '#5b6578', space: 90, values: (u, ticks) => ticks.map((t) => timeFormat.format(new Date(t * 1000))) },
			{ stroke: '#5b6578', size: 48, values: (u, ticks) => ticks.map((v) => priceFormat.format(v)) },
		],
		legend: { live: false },
		cursor: { drag: { x: false, y: false } },
		series: [
			{},
			...stores.map((store, i) => ({
				label: store,
				stroke: color(i),
				width: 1.5,
				spanGaps: true,
				paths: stepped,
				points: { show: false },
				value: (u, v) => (v == null ? '–' : priceFormat.format(v)),
			})),
		],
	};
}

new ResizeObserver(() => chart.plot?.setSize(size())).observe(chartBox);

async function json(url) {
	const response = await fetch(url, { headers: { Accept: 'application/json' } });
	if (!response.ok) {
		throw new Error(response.status + ' ' + response.statusText);
	}
	return response.json();
}

// ---- the stream

function connect() {
	const source = new EventSource('/stream');
	source.addEventListener('snapshot', (event) => {
		const data = JSON.parse(event.data);
		apply(data.candies, true);
		status('live', 'Live · ' + timeFormat.format(new Date()));
	});
	source.addEventListener('update', (event) => {
		apply(JSON.parse(event.data).candies, false);
		status('live', 'Live · ' + timeFormat.format(new Date()));
	});
	source.addEventListener('error', () => {
		if (source.readyState === EventSource.CLOSED) {
			// refused (say, 503: too many clients): EventSource gives up, we do not
			status('error', 'Disconnected; retrying…');
			setTimeout(connect, RETRY_MILLIS);
		}
		else {
			status('connecting', 'Reconnecting…');
		}
	});
}

connect();
