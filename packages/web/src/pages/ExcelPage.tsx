// Excel in the web app (issue 14): the workbook out and back in, and the follow-up files per
// supplier, through the same use cases as `gst-ims export excel`, `import excel` and
// `export followups`.
import { ExcelExport } from './excel/ExcelExport.js';
import { ExcelImport } from './excel/ExcelImport.js';
import { Followups } from './excel/Followups.js';
import './excel/excel.css';

export function ExcelPage() {
  return (
    <div className="excel-page">
      <div className="page-head">
        <h1>Excel</h1>
        <span className="muted">
          Decide in a workbook, bring it back, and send suppliers what they still owe you.
        </span>
      </div>
      <ExcelExport />
      <ExcelImport />
      <Followups />
    </div>
  );
}
