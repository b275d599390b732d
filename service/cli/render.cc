#include "cli/render.h"

#include <algorithm>
#include <cctype>

#include "cli/field_text.h"
#include "cli/table.h"

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

constexpr std::size_t kGenericColumns = 4;
constexpr std::size_t kGenericMaxWidth = 40;
constexpr const char* kIndent = "  ";

bool IsMessage(const pb::FieldDescriptor& field) {
  return field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && !IsTimestamp(field);
}

// A page: one repeated message field (the items) and no other message
// field, like every List and Search response. nullptr if `type` is not one.
const pb::FieldDescriptor* ItemsField(const pb::Descriptor& type) {
  const pb::FieldDescriptor* items = nullptr;
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (!IsMessage(*field)) continue;
    if (!field->is_repeated() || items != nullptr) return nullptr;
    items = field;
  }
  return items;
}

// For a type no style names: its first few scalar fields.
std::vector<Column> GenericColumns(const pb::Descriptor& type) {
  std::vector<Column> columns;
  for (int i = 0; i < type.field_count() && columns.size() < kGenericColumns; ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (IsMessage(field)) continue;
    std::string heading = field.name();
    std::transform(heading.begin(), heading.end(), heading.begin(), [](char c) { return c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    columns.push_back({heading, field.name(), field.name() == "name" ? 0 : kGenericMaxWidth});
  }
  return columns;
}

void RenderPage(const pb::Message& page, const pb::FieldDescriptor& items, const OutputStyle& style, std::ostream& out) {
  const pb::Descriptor& item_type = *items.message_type();
  const auto styled = style.columns.find(item_type.full_name());
  const std::vector<Column> columns = styled != style.columns.end() ? styled->second : GenericColumns(item_type);
  std::vector<std::string> headings;
  std::vector<std::size_t> max_widths;
  for (const auto& column : columns) {
    headings.push_back(column.heading);
    max_widths.push_back(column.max_width);
  }
  Table table(headings, max_widths);
  const pb::Reflection& reflection = *page.GetReflection();
  for (int i = 0; i < reflection.FieldSize(page, &items); ++i) {
    const pb::Message& item = reflection.GetRepeatedMessage(page, &items, i);
    std::vector<std::string> cells;
    for (const auto& column : columns) cells.push_back(PathText(item, column.path, style));
    table.AddRow(std::move(cells));
  }
  out << table.Render();
  // The page's other fields (head_sequence, ...) under it; the token as the flag that fetches the next page.
  std::string next_page_token;
  const pb::Descriptor& type = *page.GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (&field == &items || !IsShown(page, field)) continue;
    if (field.name() == "next_page_token") {
      next_page_token = FieldText(page, field, style);
    } else {
      out << field.name() << ": " << FieldText(page, field, style) << '\n';
    }
  }
  if (!next_page_token.empty()) out << "next page: --page-token " << next_page_token << '\n';
}

void RenderFields(const pb::Message& message, const OutputStyle& style, const std::string& indent, std::ostream& out) {
  const pb::Descriptor& type = *message.GetDescriptor();
  std::size_t label_width = 0;
  for (int i = 0; i < type.field_count(); ++i) {
    if (IsShown(message, *type.field(i))) label_width = std::max(label_width, type.field(i)->name().size() + 1);
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (!IsShown(message, field)) continue;
    std::string label = field.name() + ":";
    if (IsMessage(field) && field.is_repeated()) {
      out << indent << label << '\n';
      for (int j = 0; j < message.GetReflection()->FieldSize(message, &field); ++j) {
        out << indent << kIndent << ElementText(message, field, j, style) << '\n';
      }
    } else if (IsMessage(field)) {
      out << indent << label << '\n';
      RenderFields(message.GetReflection()->GetMessage(message, &field), style, indent + kIndent, out);
    } else {
      label.resize(label_width, ' ');
      out << indent << label << ' ' << FieldText(message, field, style) << '\n';
    }
  }
}

}  // namespace

void RenderResponse(const pb::Message& response, const OutputStyle& style, std::ostream& out) {
  if (const pb::FieldDescriptor* items = ItemsField(*response.GetDescriptor())) {
    RenderPage(response, *items, style, out);
  } else {
    RenderFields(response, style, "", out);
  }
}

}  // namespace galley::cli
