import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  DURATION_BUCKETS,
  WAIT_BUCKETS,
  bucketLabel,
  type StatsReport,
  type StatsTable,
} from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { RISK_LEVELS } from '../../../shared/protocol/schemas.js';
import type * as ChartJs from 'chart.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';
import { heatClass, staffedText } from './heat-map.js';

type ChartModule = typeof ChartJs;
type ChartInstance = ChartJs.Chart;

/** Chart.js, with only the parts used here, loaded when the page opens. */
async function loadCharts(): Promise<ChartModule> {
  const charts = await import('chart.js');
  charts.Chart.register(
    charts.BarController,
    charts.BarElement,
    charts.CategoryScale,
    charts.LinearScale,
    charts.Legend,
    charts.Tooltip,
  );
  return charts;
}

/**
 * The statistics: offered, answered and abandoned per day and route; wait and chat
 * length distributions; demand against staffing per hour of the week; wrap-up
 * categories and ratings. Charts with the same figures in tables, and a CSV export.
 */
export class JourStats extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(22rem, 100%), 1fr));
        gap: 1rem;
      }
      figure {
        margin: 0;
      }
      .chart {
        position: relative;
        height: 16rem;
      }
      table.heat td {
        text-align: center;
        font-size: 0.8125rem;
        padding: 0.125rem;
        min-width: 2.5rem;
      }
      .heat .hot {
        background: #fde2e1;
      }
      .heat .staffed {
        background: #e3f1e6;
      }
    `,
  ];

  @property({ attribute: false }) t!: AdminMessages;
  /**
   * The period shown, both days included. Empty until the first report: the server
   * picks the default (the last 30 days on the service's calendar, not the browser's,
   * so a coordinator abroad sees the same days as the statistics are counted in).
   */
  @state() private from = '';
  @state() private to = '';
  @state() private report?: StatsReport;
  @state() private error?: ErrorCode;
  @query('#per-day') private perDayCanvas?: HTMLCanvasElement;
  @query('#waits') private waitsCanvas?: HTMLCanvasElement;
  @query('#lengths') private lengthsCanvas?: HTMLCanvasElement;
  private charts: ChartInstance[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }

  private async load(): Promise<void> {
    const result = await api<StatsReport>('GET', `/stats${this.period()}`);
    if (result.ok) {
      this.report = result.data;
      this.from = result.data.from;
      this.to = result.data.to;
      this.error = undefined;
    } else {
      this.error = result.error;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('report') && this.report) void this.drawCharts();
  }

  private async drawCharts(): Promise<void> {
    const { Chart } = await loadCharts();
    if (!this.report) return;
    for (const chart of this.charts) chart.destroy();
    const { t, report } = this;
    const days = [...new Set(report.days.map((d) => d.day))];
    const sum = (dayName: string, key: 'offered' | 'answered' | 'abandoned') =>
      report.days.filter((d) => d.day === dayName).reduce((total, d) => total + d[key], 0);
    const bar = (canvas: HTMLCanvasElement | undefined, labels: string[], datasets: object[]) =>
      canvas
        ? [
            new Chart(canvas, {
              type: 'bar',
              data: { labels, datasets: datasets as never },
              options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
              },
            }),
          ]
        : [];
    this.charts = [
      ...bar(this.perDayCanvas, days, [
        {
          label: t.answered,
          data: days.map((d) => sum(d, 'answered')),
          backgroundColor: '#1d4f91',
        },
        {
          label: t.abandoned,
          data: days.map((d) => sum(d, 'abandoned')),
          backgroundColor: '#c2410c',
        },
      ]),
      ...bar(
        this.waitsCanvas,
        report.waitHistogram.map((_, i) => t.bucket(bucketLabel(WAIT_BUCKETS, i))),
        [{ label: t.count, data: report.waitHistogram, backgroundColor: '#1d4f91' }],
      ),
      ...bar(
        this.lengthsCanvas,
        report.durationHistogram.map((_, i) => t.bucket(bucketLabel(DURATION_BUCKETS, i))),
        [{ label: t.count, data: report.durationHistogram, backgroundColor: '#1a7f37' }],
      ),
    ];
  }

  /** The query for the period chosen, or none for the server's default. */
  private period(extra: Record<string, string> = {}): string {
    const chosen: Record<string, string> =
      this.from && this.to ? { from: this.from, to: this.to } : {};
    const query = new URLSearchParams({ ...chosen, ...extra }).toString();
    return query ? `?${query}` : '';
  }

  private csvUrl(table: StatsTable): string {
    return `/api/stats.csv${this.period({ table })}`;
  }

  override render() {
    const { t, report } = this;
    return html`<section aria-labelledby="stats-heading">
      <h2 id="stats-heading">${t.statistics}</h2>
      <p>${t.aggregatesOnly}</p>
      <form class="row" @submit=${this.submit}>
        <label>${t.from} <input type="date" name="from" .value=${this.from} required /></label>
        <label>${t.to} <input type="date" name="to" .value=${this.to} required /></label>
        <button type="submit" class="primary">${t.show}</button>
        <a class="button" href=${this.csvUrl('days')} download>${t.downloadCsv}</a>
      </form>
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
      ${report ? this.renderReport(report) : ''}
    </section>`;
  }

  private renderReport(report: StatsReport) {
    const t = this.t;
    const lang = document.documentElement.lang;
    const total = (key: 'offered' | 'answered' | 'abandoned') =>
      report.days.reduce((sum, d) => sum + d[key], 0);
    const wait = (bucket: number | null) =>
      bucket === null ? '–' : t.bucket(bucketLabel(WAIT_BUCKETS, bucket));
    const field = (name: 'crime' | 'affected' | 'referral') =>
      report.wrapUps
        .filter((w) => w.field === name)
        .sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
    return html`
      <div class="figures" data-testid="totals">
        <div class="figure">${t.offered}<strong>${total('offered')}</strong></div>
        <div class="figure">${t.answered}<strong>${total('answered')}</strong></div>
        <div class="figure">${t.abandoned}<strong>${total('abandoned')}</strong></div>
      </div>
      <div class="charts">
        <figure>
          <h3>${t.perDay}</h3>
          <div class="chart">
            <canvas id="per-day" role="img" aria-label=${t.perDay}></canvas>
          </div>
        </figure>
        <figure>
          <h3>${t.waitTimes}</h3>
          <div class="chart"><canvas id="waits" role="img" aria-label=${t.waitTimes}></canvas></div>
        </figure>
        <figure>
          <h3>${t.chatLengths}</h3>
          <div class="chart">
            <canvas id="lengths" role="img" aria-label=${t.chatLengths}></canvas>
          </div>
        </figure>
      </div>

      <h3 id="days-heading">${t.perDay}</h3>
      ${
        report.days.length === 0
          ? html`<p>${t.noData}</p>`
          : html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="days-heading">
              <table aria-labelledby="days-heading">
                <thead>
                  <tr>
                    <th scope="col">${t.day}</th>
                    <th scope="col">${t.routeHeading}</th>
                    <th scope="col" class="number">${t.offered}</th>
                    <th scope="col" class="number">${t.answered}</th>
                    <th scope="col" class="number">${t.abandoned}</th>
                    <th scope="col">${t.waitMedian}</th>
                    <th scope="col">${t.waitP90}</th>
                  </tr>
                </thead>
                <tbody>
                  ${report.days.map(
                    (d) =>
                      html`<tr>
                        <td>${d.day}</td>
                        <td>${t.route(d.route)}</td>
                        <td class="number">${d.offered}</td>
                        <td class="number">${d.answered}</td>
                        <td class="number">${d.abandoned}</td>
                        <td>${wait(d.waitP50Bucket)}</td>
                        <td>${wait(d.waitP90Bucket)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }

      <h3 id="risk-heading">${t.riskLevels}</h3>
      <p class="muted">${t.riskLevelsNote}</p>
      ${
        report.risk.length === 0
          ? html`<p>${t.noData}</p>`
          : html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="risk-heading">
              <table aria-labelledby="risk-heading" data-testid="risk-levels">
                <thead>
                  <tr>
                    <th scope="col">${t.day}</th>
                    <th scope="col">${t.routeHeading}</th>
                    ${RISK_LEVELS.map(
                      (level) => html`<th scope="col" class="number">${t.riskName(level)}</th>`,
                    )}
                  </tr>
                </thead>
                <tbody>
                  ${report.risk.map(
                    (r) =>
                      html`<tr>
                        <td>${r.day}</td>
                        <td>${t.route(r.route)}</td>
                        ${RISK_LEVELS.map(
                          (level) => html`<td class="number">${r[level] ?? t.fewerThanFive}</td>`,
                        )}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }

      <h3 id="heat-heading">${t.heatMap}</h3>
      <p class="muted">${t.heatMapNote}</p>
      <p>
        <a class="button" href=${this.csvUrl('hours')} download>${t.downloadHoursCsv}</a>
      </p>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="heat-heading">
        <table class="heat" aria-labelledby="heat-heading">
          <thead>
            <tr>
              <td></td>
              ${Array.from({ length: 24 }, (_, hour) => html`<th scope="col">${hour}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${report.demand.map(
              (hours, weekday) =>
                html`<tr>
                  <th scope="row">${t.weekday(weekday)}</th>
                  ${hours.map((offered, hour) => {
                    const staffed = report.staffed[weekday]?.[hour] ?? 0;
                    const shown = staffedText(staffed, lang);
                    return html`<td
                      class=${heatClass(offered, staffed)}
                      title=${`${t.demand} ${offered}, ${t.staffed} ${shown}`}
                    >
                      ${offered || staffed ? `${offered}/${shown}` : ''}
                    </td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>

      <h3>${t.wrapUps}</h3>
      <p>
        <a class="button" href=${this.csvUrl('categories')} download>${t.downloadCategoriesCsv}</a>
      </p>
      <div class="charts">
        ${(['crime', 'affected', 'referral'] as const).map(
          (name) =>
            html`<table data-testid=${`wrapups-${name}`}>
              <caption class="visually-hidden">
                ${t[name]}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t[name]}</th>
                  <th scope="col" class="number">${t.count}</th>
                </tr>
              </thead>
              <tbody>
                ${field(name).map(
                  (w) =>
                    html`<tr>
                      <td>${t.category(w.field, w.value)}</td>
                      <td class="number">${w.count ?? t.fewerThanFive}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
        )}
        <table>
          <thead>
            <tr>
              <th scope="col">${t.ratings}</th>
              <th scope="col" class="number">${t.count}</th>
            </tr>
          </thead>
          <tbody>
            ${report.ratings.map(
              (r) =>
                html`<tr>
                  <td>${t.rating(r.score)}</td>
                  <td class="number">${r.count ?? t.fewerThanFive}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.from = form.querySelector<HTMLInputElement>('[name=from]')?.value ?? this.from;
    this.to = form.querySelector<HTMLInputElement>('[name=to]')?.value ?? this.to;
    void this.load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-stats': JourStats;
  }
}
if (!customElements.get('jour-stats')) customElements.define('jour-stats', JourStats);
