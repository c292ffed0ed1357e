/**
 * The content editor's writes (I2, G9): the resources through which the staff console edits content's own tables
 * (articles, FAQs, forms, agreement versions). Content alone writes them; root.ts hands these to the console's routes.
 */
import { agreementResource } from './agreements.js';
import { articleResource, faqResource } from './articles.js';
import { formResource } from './forms.js';
import type { ContentResource } from './resource.js';

export interface ContentEditor {
  articles: ContentResource;
  faqs: ContentResource;
  forms: ContentResource;
  agreements: ContentResource;
}

export const contentEditor: ContentEditor = { articles: articleResource, faqs: faqResource, forms: formResource, agreements: agreementResource };
