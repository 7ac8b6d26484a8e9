import { html, nothing, svg } from 'lit';
import type { DailyRates } from '../contract/admin.js';
import type { OptionalCategory } from '../contract/categories.js';

const SERIES: Record<OptionalCategory, { label: string; colour: string; dash: string }> = {
  functional: { label: 'Functional', colour: '#1d4f91', dash: '' },
  analytics: { label: 'Analytics', colour: '#b3541e', dash: '8 4' },
  marketing: { label: 'Marketing', colour: '#3d7a34', dash: '2 4' },
};

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 12, right: 12, bottom: 28, left: 44 };

function percent(granted: number, decisions: number): number {
  return decisions ? (100 * granted) / decisions : 0;
}

/**
 * Consent rate per category and day as a line chart (SVG, attributes only: no inline styles),
 * with the same numbers as a table for anyone who cannot see the chart.
 */
export function renderConsentChart(days: DailyRates[], categories: OptionalCategory[]) {
  if (days.length === 0) return html`<p>No decisions were recorded in this period.</p>`;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (days.length === 1 ? plotWidth / 2 : (index * plotWidth) / (days.length - 1));
  const y = (value: number) => PAD.top + plotHeight - (value * plotHeight) / 100;
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  const summary = categories
    .map((category) => {
      const granted = days.reduce((sum, day) => sum + day.granted[category], 0);
      const decisions = days.reduce((sum, day) => sum + day.decisions, 0);
      return `${SERIES[category].label} ${percent(granted, decisions).toFixed(0)}%`;
    })
    .join(', ');
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      role="img"
      aria-labelledby="chart-title chart-desc"
      preserveAspectRatio="xMidYMid meet"
    >
      <title id="chart-title">Consent rate per category, ${days[0]!.day} to ${days[days.length - 1]!.day}</title>
      <desc id="chart-desc">Share of decisions that allowed each category, by day. Over the period: ${summary}.</desc>
      ${[0, 25, 50, 75, 100].map(
        (tick) => svg`<line x1=${PAD.left} x2=${WIDTH - PAD.right} y1=${y(tick)} y2=${y(tick)} stroke="#d8d8d8" />
          <text x=${PAD.left - 6} y=${y(tick) + 4} text-anchor="end" font-size="11" fill="#484949">${tick}%</text>`,
      )}
      ${days.map((day, index) =>
        index % labelEvery === 0
          ? svg`<text x=${x(index)} y=${HEIGHT - 8} text-anchor="middle" font-size="11" fill="#484949">${day.day.slice(5)}</text>`
          : nothing,
      )}
      ${categories.map((category) => {
        const { colour, dash } = SERIES[category];
        const points = days.map(
          (day, index) => `${x(index).toFixed(1)},${y(percent(day.granted[category], day.decisions)).toFixed(1)}`,
        );
        return svg`<polyline points=${points.join(' ')} fill="none" stroke=${colour} stroke-width="2.5" stroke-dasharray=${dash || nothing} />
          ${days.map(
            (day, index) =>
              svg`<circle cx=${x(index)} cy=${y(percent(day.granted[category], day.decisions))} r="3" fill=${colour} />`,
          )}`;
      })}
    </svg>
    <figcaption>
      <ul class="chart-legend">
        ${categories.map(
          (category) =>
            html`<li>
              <svg viewBox="0 0 30 10" width="30" height="10" aria-hidden="true">
                ${svg`<line x1="0" x2="30" y1="5" y2="5" stroke=${SERIES[category].colour} stroke-width="3" stroke-dasharray=${SERIES[category].dash || nothing} />`}
              </svg>
              ${SERIES[category].label}
            </li>`,
        )}
      </ul>
    </figcaption>
    <details>
      <summary>The chart’s numbers as a table</summary>
      <div class="table-scroll" tabindex="0" role="region" aria-label="The chart’s numbers">
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Decisions</th>
              ${categories.map((category) => html`<th scope="col">${SERIES[category].label} allowed</th>`)}
            </tr>
          </thead>
          <tbody>
            ${days.map(
              (day) =>
                html`<tr>
                  <th scope="row">${day.day}</th>
                  <td>${day.decisions}</td>
                  ${categories.map(
                    (category) =>
                      html`<td>
                        ${day.granted[category]} (${percent(day.granted[category], day.decisions).toFixed(0)}%)
                      </td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </figure>`;
}
