//! Pull diagnostics (`textDocument/diagnostic`), for clients that ask
//! rather than wait for `publishDiagnostics`. The result id is the
//! document version and style book, so an unchanged document answers
//! "unchanged".

use crate::server::session::Session;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub async fn pull(
    session: &Session,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let Some((_, snap)) = super::story(session, &params.text_document.uri).await else {
        return Ok(full(None, Vec::new()));
    };
    let id = format!("{}:{}", snap.version, snap.book.id);
    if params.previous_result_id.as_deref() == Some(id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            }),
        ));
    }
    Ok(full(Some(id), snap.diagnostics()))
}

fn full(result_id: Option<String>, items: Vec<Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
