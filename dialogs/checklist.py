"""What to attach: a kind of care, one or two questions, and the checklist, edited in place."""

from __future__ import annotations

from telegram import Update

from bot import callbacks
from bot.callbacks import answers_from_code
from bot.context import Context
from bot.keyboards import categories_keyboard
from dialogs.render import cached_preview, why_text


async def show_categories(update: Update, context: Context) -> None:
    """Ask which kind of care the claim is for."""
    tr = context.tr
    text = tr.gettext("Pour quel type de soins ? Choisissez :")
    markup = categories_keyboard(tr, context.rulebook, callbacks.CATEGORY)
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


async def category_chosen(update: Update, context: Context) -> None:
    """A kind of care was picked from the menu: show its checklist and first question."""
    await _edit_preview(update, context)


async def preview_answer(update: Update, context: Context) -> None:
    """A question of a previewed checklist was answered: edit the checklist in place."""
    await _edit_preview(update, context)


async def _edit_preview(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    values = callbacks.parse(callbacks.PREVIEW, query.data) or callbacks.parse(
        callbacks.CATEGORY, query.data
    )
    if values is None or values.word(0) not in context.rulebook.categories:
        await query.answer(context.tr.gettext("Ce bouton n'est plus valable."))
        return
    category_id = values.word(0)
    code = values.code(1) if values.prefix == callbacks.PREVIEW else ""
    answers = answers_from_code(context.rulebook, category_id, code)
    text, markup = cached_preview(context, context.tr, category_id, answers)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def why(update: Update, context: Context) -> None:
    """why:<category>: where each line of that care's checklist comes from, in a new message."""
    query = update.callback_query
    assert query is not None
    values = callbacks.pressed(update, callbacks.WHY)
    if values is None or values.word(0) not in context.rulebook.categories:
        await query.answer()
        return
    await query.answer()
    if update.effective_chat is not None:
        text = why_text(context.tr, context.rulebook, values.word(0))
        await context.bot.send_message(update.effective_chat.id, text)
